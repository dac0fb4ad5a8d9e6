/// A member of the greater Roanoke community is assigned, with both offices' approvals (COM-05).
///
/// The approvals are references to the approving office's decision (an approver's id
/// or a memo number), never a person's name, so the log stays free of personal data.
///
/// Appended to the `community-<id>` stream.
public struct CommunityMemberAssigned: EventPayload {
    public static let typeName = "CommunityMemberAssigned"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The community.
    public var community: CommunityID
    /// The community member.
    public var member: PersonID
    /// The Diversity, Equity, and Inclusion office's approval.
    public var deiApproval: String
    /// The Student Affairs office's approval.
    public var saApproval: String

    public init(community: CommunityID, member: PersonID, deiApproval: String, saApproval: String) {
        self.community = community
        self.member = member
        self.deiApproval = deiApproval
        self.saApproval = saApproval
    }
}

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
