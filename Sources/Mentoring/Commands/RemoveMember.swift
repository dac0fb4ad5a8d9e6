/// Removes a member of the local community.
///
/// `mcledger member remove <person-id> --community <id>`
public struct RemoveMember: Hashable, Sendable {
    public var member: PersonID
    public var community: CommunityID

    public init(member: PersonID, community: CommunityID) {
        self.member = member
        self.community = community
    }
}
