/// A member of the greater Roanoke community is no longer assigned.
///
/// Appended to the `community-<id>` stream.
public struct CommunityMemberRemoved: EventPayload {
    public static let typeName = "CommunityMemberRemoved"
    public static let schemaVersion = 1

    /// The community.
    public var community: CommunityID
    /// The community member.
    public var member: PersonID

    public init(community: CommunityID, member: PersonID) {
        self.community = community
        self.member = member
    }
}

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
