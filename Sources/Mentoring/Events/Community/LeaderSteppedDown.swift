/// A leader stops leading a community.
///
/// Appended to the `community-<id>` stream.
public struct LeaderSteppedDown: EventPayload {
    public static let typeName = "LeaderSteppedDown"
    public static let schemaVersion = 1

    /// The community.
    public var community: CommunityID
    /// The former leader.
    public var leader: PersonID

    public init(community: CommunityID, leader: PersonID) {
        self.community = community
        self.leader = leader
    }
}
