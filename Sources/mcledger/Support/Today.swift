#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Mentoring

/// The one clock: today where the program office is. Read here, at the edge, and passed
/// in to the write path (`--on`'s default), the projections and the reports; no library
/// module reads a clock or the environment for the date.
enum Today {
    /// Today in the local time zone, or `$MCLEDGER_TODAY` (YYYY-MM-DD) when set, so a
    /// replay or a test can fix the day (MCLedger checks the variable before any command).
    static func day() -> Day {
        if let text = Environment.value("MCLEDGER_TODAY"), let day = try? Day(text) { return day }
        // The C library's local time (TZ, else /etc/localtime): Foundation's Calendar and
        // TimeZone, on their first use, cost a command a millisecond or two for the same day.
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        // The local time of the current instant always forms a valid day.
        return try! Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }
}
