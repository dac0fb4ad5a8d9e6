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
