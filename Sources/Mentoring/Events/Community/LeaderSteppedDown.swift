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

/// Ends a leader's tenure.
///
/// `mcledger leader step-down <faculty-id> --community <id>`
public struct StepDownLeader: Hashable, Sendable {
    public var leader: PersonID
    public var community: CommunityID

    public init(leader: PersonID, community: CommunityID) {
        self.leader = leader
        self.community = community
    }
}
