/// The part of an academic year that a compliance evaluation may look at.
///
/// `compliance --as-of DATE` judges what was known and due by that date: events dated
/// after it are ignored, and a duty is not missing before it is due. The policy:
/// - *Standing minimums* (PRG-01, PRG-02, COM-01..04, LDR-04) are checked on the last
///   day looked at: a `warning` while the year runs, a `violation` once it is over.
/// - *Yearly totals* (OBL-01..03) can be met until June 30, so they give no finding
///   while the year runs and a `violation` once it is over.
/// - *The season plan* (OBL-04) gives an `advisory` for each season that has ended
///   without its activity, so a fall gathering is missing in December, not in August.
/// - LDR-02 (a barred title while leading) is a `violation` as soon as it is recorded.
public struct EvaluationWindow: Hashable, Sendable {
    public let year: AcademicYear
    public let asOf: Day
    /// The first day the community no longer runs (its retirement), if in the year.
    public let endsOn: Day?

    public init(year: AcademicYear, asOf: Day, endsOn: Day? = nil) {
        self.year = year
        self.asOf = asOf
        self.endsOn = endsOn
    }

    /// The last day looked at: `asOf`, the year's last day, or the day before the
    /// community retired, whichever is first: a retired community is judged over the
    /// part of the year it ran.
    public var through: Day { min(asOf, year.lastDay, endsOn?.previous ?? year.lastDay) }

    /// The whole year is in the past.
    public var isYearOver: Bool { asOf > year.lastDay }

    /// The year has begun.
    public var hasStarted: Bool { asOf >= year.firstDay }

    /// The severity of a standing minimum not met.
    var standingSeverity: Severity { isYearOver || endsOn.map { $0 <= asOf } == true ? .violation : .warning }

    /// Whether `day` is in the year and not after `through`.
    func covers(_ day: Day) -> Bool { year.firstDay <= day && day <= through }
}
