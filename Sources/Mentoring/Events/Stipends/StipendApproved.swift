/// A requested stipend is approved (STP-04, STP-05), with a waiver when duties are not yet met.
///
/// Appended to the `community-<id>` stream.
public struct StipendApproved: EventPayload {
    public static let typeName = "StipendApproved"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The community.
    public var community: CommunityID
    /// The academic year.
    public var year: AcademicYear
    /// The leader to be paid.
    public var payee: PersonID
    /// Why it is approved although LDR-04 or OBL-03 is not met.
    public var waiver: String?

    public init(community: CommunityID, year: AcademicYear, payee: PersonID, waiver: String? = nil) {
        self.community = community
        self.year = year
        self.payee = payee
        self.waiver = waiver
    }
}

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
