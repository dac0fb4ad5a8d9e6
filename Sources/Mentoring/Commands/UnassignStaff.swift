/// Relieves a staff liaison so another can be assigned (not in CLI.md's list; without it COM-04 would forbid ever replacing one).
///
/// `mcledger staff unassign <staff-id> --community <id>`
public struct UnassignStaff: Hashable, Sendable {
    public var staff: PersonID
    public var community: CommunityID

    public init(staff: PersonID, community: CommunityID) {
        self.staff = staff
        self.community = community
    }
}
