/// Assigns the community's staff liaison (COM-04: one at a time).
///
/// `mcledger staff assign <staff-id> --community <id>`
public struct AssignStaff: Hashable, Sendable {
    public var staff: PersonID
    public var community: CommunityID

    public init(staff: PersonID, community: CommunityID) {
        self.staff = staff
        self.community = community
    }
}
