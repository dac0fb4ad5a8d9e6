/// A stipend for a community's leader for a year is requested (STP-01..03).
///
/// Appended to the `community-<id>` stream.
public struct StipendRequested: EventPayload {
    public static let typeName = "StipendRequested"
    public static let schemaVersion = 1

    /// The community.
    public var community: CommunityID
    /// The academic year it pays for.
    public var year: AcademicYear
    /// The leader to be paid.
    public var payee: PersonID
    /// The amount, which must be the policy's (STP-02).
    public var amount: Cents

    public init(community: CommunityID, year: AcademicYear, payee: PersonID, amount: Cents) {
        self.community = community
        self.year = year
        self.payee = payee
        self.amount = amount
    }
}

/// Requests the year's stipend for a leader (STP-01..03).
///
/// `mcledger stipend request --community <id> --year YYYY-YY --payee <faculty-id> --amount DOLLARS`
public struct RequestStipend: Hashable, Sendable {
    public var community: CommunityID
    public var year: AcademicYear
    public var payee: PersonID
    public var amount: Cents

    public init(community: CommunityID, year: AcademicYear, payee: PersonID, amount: Cents) {
        self.community = community
        self.year = year
        self.payee = payee
        self.amount = amount
    }
}
