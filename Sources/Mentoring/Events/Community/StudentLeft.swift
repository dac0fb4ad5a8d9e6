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

/// Removes a student; writes both streams, as a join does.
///
/// `mcledger student leave <student-id> --community <id>`
public struct LeaveStudent: Hashable, Sendable {
    public var student: PersonID
    public var community: CommunityID

    public init(student: PersonID, community: CommunityID) {
        self.student = student
        self.community = community
    }
}
