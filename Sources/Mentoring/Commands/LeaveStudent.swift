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
