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
