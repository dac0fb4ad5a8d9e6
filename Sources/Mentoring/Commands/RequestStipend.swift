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
