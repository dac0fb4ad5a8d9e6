/// Adds a medical student (COM-03, COM-06).
///
/// Writes both the community stream (``StudentJoined``) and the student's stream
/// (``StudentPlaced``): the store checks the version of every stream read, but only a
/// *write* moves a version, so if a join wrote only the community, two joins of one
/// student to two communities would each see the person unchanged and both commit.
///
/// `mcledger student join <student-id> --community <id>`
public struct JoinStudent: Hashable, Sendable {
    public var student: PersonID
    public var community: CommunityID

    public init(student: PersonID, community: CommunityID) {
        self.student = student
        self.community = community
    }
}
