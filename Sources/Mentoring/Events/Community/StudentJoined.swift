/// A medical student joins a community (COM-03, COM-06); always written with ``StudentPlaced``.
///
/// Appended to the `community-<id>` stream.
public struct StudentJoined: EventPayload {
    public static let typeName = "StudentJoined"
    public static let schemaVersion = 1

    /// The community.
    public var community: CommunityID
    /// The student.
    public var student: PersonID

    public init(community: CommunityID, student: PersonID) {
        self.community = community
        self.student = student
    }
}

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
