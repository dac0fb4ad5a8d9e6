/// An academic year is closed: later writes dated in it need a reason and are marked post-close adjustments.
///
/// Appended to the `program` stream.
public struct YearClosed: EventPayload {
    public static let typeName = "YearClosed"
    public static let schemaVersion = 1

    /// The closed year.
    public var year: AcademicYear

    public init(year: AcademicYear) {
        self.year = year
    }
}

/// Closes an academic year once it has ended; later writes dated in it need a reason.
///
/// `mcledger year close YYYY-YY`
public struct CloseYear: Hashable, Sendable {
    public var year: AcademicYear

    public init(year: AcademicYear) {
        self.year = year
    }
}
