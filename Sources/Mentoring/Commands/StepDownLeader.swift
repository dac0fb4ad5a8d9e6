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
