/// Approves the requested stipend (STP-04, STP-05). Also reads the payee's stream, found from the request (see ``Command/streamsRead(given:)``).
///
/// `mcledger stipend approve --community <id> --year YYYY-YY [--waiver TEXT]`
public struct ApproveStipend: Hashable, Sendable {
    public var community: CommunityID
    public var year: AcademicYear
    public var waiver: String?

    public init(community: CommunityID, year: AcademicYear, waiver: String? = nil) {
        self.community = community
        self.year = year
        self.waiver = waiver
    }
}
