/// Closes an academic year once it has ended; later writes dated in it need a reason.
///
/// `mcledger year close YYYY-YY`
public struct CloseYear: Hashable, Sendable {
    public var year: AcademicYear

    public init(year: AcademicYear) {
        self.year = year
    }
}
