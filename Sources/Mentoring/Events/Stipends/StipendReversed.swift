/// A stipend (requested, approved or paid) is cancelled or paid back; its slot for the year is free again.
///
/// Appended to the `community-<id>` stream.
public struct StipendReversed: EventPayload {
    public static let typeName = "StipendReversed"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The community.
    public var community: CommunityID
    /// The academic year.
    public var year: AcademicYear
    /// The leader.
    public var payee: PersonID
    /// Why.
    public var reason: String

    public init(community: CommunityID, year: AcademicYear, payee: PersonID, reason: String) {
        self.community = community
        self.year = year
        self.payee = payee
        self.reason = reason
    }
}

/// Cancels or pays back the year's stipend; the reason (required) comes from the context.
///
/// `mcledger stipend reverse --community <id> --year YYYY-YY --reason TEXT`
public struct ReverseStipend: Hashable, Sendable {
    public var community: CommunityID
    public var year: AcademicYear

    public init(community: CommunityID, year: AcademicYear) {
        self.community = community
        self.year = year
    }
}
