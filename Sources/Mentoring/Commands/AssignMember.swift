/// Assigns a member of the local community with both approvals (COM-05).
///
/// `mcledger member assign <person-id> --community <id> --dei-approval REF --sa-approval REF`
public struct AssignMember: Hashable, Sendable {
    public var member: PersonID
    public var community: CommunityID
    public var deiApproval: String
    public var saApproval: String

    public init(member: PersonID, community: CommunityID, deiApproval: String, saApproval: String) {
        self.member = member
        self.community = community
        self.deiApproval = deiApproval
        self.saApproval = saApproval
    }
}
