/// The person stream's half of a student joining a community.
///
/// It exists for COM-06 (one community at a time): a join writes both the community and
/// the student's stream, so two joins of one student to two communities race on the
/// person stream and the store lets only one win. Rosters read `StudentJoined` instead.
///
/// Appended to the `person-<id>` stream.
public struct StudentPlaced: EventPayload {
    public static let typeName = "StudentPlaced"
    public static let schemaVersion = 1

    /// The student.
    public var student: PersonID
    /// The community they joined.
    public var community: CommunityID

    public init(student: PersonID, community: CommunityID) {
        self.student = student
        self.community = community
    }
}
