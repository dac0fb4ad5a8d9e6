/// A leader logs other time given to the community (OBL-01), e.g. students' requests.
///
/// Appended to the `community-<id>` stream.
public struct HoursLogged: EventPayload {
    public static let typeName = "HoursLogged"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The community.
    public var community: CommunityID
    /// The leader.
    public var leader: PersonID
    /// Time spent.
    public var hours: Hours
    /// What the time was for.
    public var activity: String

    public init(community: CommunityID, leader: PersonID, hours: Hours, activity: String) {
        self.community = community
        self.leader = leader
        self.hours = hours
        self.activity = activity
    }
}

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
