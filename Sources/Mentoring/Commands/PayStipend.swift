/// Records the approved stipend as paid (STP-04). Also reads the payee's stream.
///
/// `mcledger stipend pay --community <id> --year YYYY-YY --reference TEXT`
public struct PayStipend: Hashable, Sendable {
    public var community: CommunityID
    public var year: AcademicYear
    public var reference: String

    public init(community: CommunityID, year: AcademicYear, reference: String) {
        self.community = community
        self.year = year
        self.reference = reference
    }
}
