/// A staff liaison is relieved, so another can be assigned (COM-04 allows one at a time).
///
/// Appended to the `community-<id>` stream.
public struct StaffLiaisonUnassigned: EventPayload {
    public static let typeName = "StaffLiaisonUnassigned"
    public static let schemaVersion = 1

    /// The community.
    public var community: CommunityID
    /// The staff member.
    public var staff: PersonID

    public init(community: CommunityID, staff: PersonID) {
        self.community = community
        self.staff = staff
    }
}

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
