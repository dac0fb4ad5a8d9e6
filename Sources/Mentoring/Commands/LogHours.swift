/// Logs a leader's other time for the community (OBL-01).
///
/// `mcledger hours log <faculty-id> --community <id> --hours H --activity TEXT`
public struct LogHours: Hashable, Sendable {
    public var leader: PersonID
    public var community: CommunityID
    public var hours: Hours
    public var activity: String

    public init(leader: PersonID, community: CommunityID, hours: Hours, activity: String) {
        self.leader = leader
        self.community = community
        self.hours = hours
        self.activity = activity
    }
}
