/// An approved stipend is recorded as paid (STP-04: by a third actor).
///
/// Appended to the `community-<id>` stream.
public struct StipendPaid: EventPayload {
    public static let typeName = "StipendPaid"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The community.
    public var community: CommunityID
    /// The academic year.
    public var year: AcademicYear
    /// The leader paid.
    public var payee: PersonID
    /// The amount paid.
    public var amount: Cents
    /// The payment's reference in the finance system.
    public var reference: String

    public init(community: CommunityID, year: AcademicYear, payee: PersonID, amount: Cents, reference: String) {
        self.community = community
        self.year = year
        self.payee = payee
        self.amount = amount
        self.reference = reference
    }
}

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
