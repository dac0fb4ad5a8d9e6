public import Mentoring
public import Projections

/// Everything one nightly report is rendered from, read in one snapshot of the ledger.
///
/// Plain values (read-model rows and folded domain states), so rendering is a pure
/// function: the same input gives the same bytes, which is what lets a re-run of the same
/// night reproduce every file exactly.
public struct NightlyInput: Sendable {
    /// The day the report judges (`--as-of`).
    public var asOf: Day
    /// The academic year reported.
    public var year: AcademicYear
    /// The ledger head the snapshot was read at.
    public var head: ReportHead
    /// Communities active on `asOf` and their members then.
    public var rosters: [CommunityRoster]
    /// The year's compliance findings as of `asOf`.
    public var findings: [Finding]
    /// The year's stipends, as known on `asOf`.
    public var stipends: [StipendRow]
    /// Leader exceptions and stipend waivers of the year, as known on `asOf`.
    public var exceptions: [ExceptionRow]
    /// The folded streams (program, communities, people), for the activity tallies.
    public var states: StreamStates
    /// Counts of people under this are shown as "<N" in `summary.html` (nil: off).
    public var suppressBelow: Int?

    public init(
        asOf: Day, year: AcademicYear, head: ReportHead, rosters: [CommunityRoster], findings: [Finding],
        stipends: [StipendRow], exceptions: [ExceptionRow], states: StreamStates, suppressBelow: Int? = nil
    ) {
        self.asOf = asOf
        self.year = year
        self.head = head
        self.rosters = rosters
        self.findings = findings
        self.stipends = stipends
        self.exceptions = exceptions
        self.states = states
        self.suppressBelow = suppressBelow
    }
}

/// The ledger head a report covers: its position and hash (lowercase hex).
public struct ReportHead: Hashable, Sendable {
    public var position: Int64
    public var hash: String

    public init(position: Int64, hash: String) {
        self.position = position
        self.hash = hash
    }
}

/// One rendered file of the report.
public struct ReportFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    /// Data rows: CSV lines after the header, findings in JSON, communities in HTML.
    public var rows: Int

    public init(name: String, bytes: [UInt8], rows: Int) {
        self.name = name
        self.bytes = bytes
        self.rows = rows
    }
}
