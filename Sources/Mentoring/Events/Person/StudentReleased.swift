/// The person stream's half of a student leaving a community (see ``StudentPlaced``).
///
/// Appended to the `person-<id>` stream.
public struct StudentReleased: EventPayload {
    public static let typeName = "StudentReleased"
    public static let schemaVersion = 1

    /// The student.
    public var student: PersonID
    /// The community they left.
    public var community: CommunityID

    public init(student: PersonID, community: CommunityID) {
        self.student = student
        self.community = community
    }
}
