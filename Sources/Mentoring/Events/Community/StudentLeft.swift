/// A medical student leaves a community; always written with ``StudentReleased``.
///
/// Appended to the `community-<id>` stream.
public struct StudentLeft: EventPayload {
    public static let typeName = "StudentLeft"
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
