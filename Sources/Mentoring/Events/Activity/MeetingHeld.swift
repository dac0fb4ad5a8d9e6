/// A leader met students individually or by class (OBL-02).
///
/// Appended to the `community-<id>` stream.
public struct MeetingHeld: EventPayload {
    public static let typeName = "MeetingHeld"
    public static let schemaVersion = 1

    /// The community.
    public var community: CommunityID
    /// The leader.
    public var leader: PersonID
    /// Individually or by class.
    public var mode: MeetingMode
    /// The students met.
    public var students: [PersonID]
    /// Time spent, counted toward OBL-01.
    public var hours: Hours

    public init(community: CommunityID, leader: PersonID, mode: MeetingMode, students: [PersonID], hours: Hours) {
        self.community = community
        self.leader = leader
        self.mode = mode
        self.students = students
        self.hours = hours
    }
}

/// Records a leader meeting current students (OBL-02).
///
/// `mcledger meeting record --community <id> --leader <faculty-id> --mode individual|class --student <id>... --hours H`
public struct RecordMeeting: Hashable, Sendable {
    public var community: CommunityID
    public var leader: PersonID
    public var mode: MeetingMode
    public var students: [PersonID]
    public var hours: Hours

    public init(community: CommunityID, leader: PersonID, mode: MeetingMode, students: [PersonID], hours: Hours) {
        self.community = community
        self.leader = leader
        self.mode = mode
        self.students = students
        self.hours = hours
    }
}
