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
