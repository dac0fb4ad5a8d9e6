import Foundation
import Mentoring

/// The one clock: today where the program office is. Read here, at the edge, and passed
/// in to the write path (`--on`'s default), the projections and the reports; no library
/// module reads a clock or the environment for the date.
enum Today {
    /// Today in the local time zone, or `$MCLEDGER_TODAY` (YYYY-MM-DD) when set, so a
    /// replay or a test can fix the day (MCLedger checks the variable before any command).
    static func day() -> Day {
        if let text = ProcessInfo.processInfo.environment["MCLEDGER_TODAY"], let day = try? Day(text) { return day }
        let parts = Foundation.Calendar.current.dateComponents([.year, .month, .day], from: Date())
        // The calendar's components of the current date always form a valid day.
        return try! Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}
