/// The program sets its own rule numbers for an academic year (and, until set again, later ones).
///
/// Appended to the `program` stream.
public struct PolicySet: EventPayload {
    public static let typeName = "PolicySet"
    public static let schemaVersion = 1

    /// The first year it applies to.
    public var year: AcademicYear
    /// Every number of the rules.
    public var policy: Policy

    public init(year: AcademicYear, policy: Policy) {
        self.year = year
        self.policy = policy
    }
}

/// Sets the program's own rule numbers from an academic year on.
///
/// `(no CLI verb yet; e.g. mcledger policy set YYYY-YY --file policy.json)`
public struct SetPolicy: Hashable, Sendable {
    public var year: AcademicYear
    public var policy: Policy

    public init(year: AcademicYear, policy: Policy) {
        self.year = year
        self.policy = policy
    }
}
