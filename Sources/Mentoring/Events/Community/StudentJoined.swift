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
