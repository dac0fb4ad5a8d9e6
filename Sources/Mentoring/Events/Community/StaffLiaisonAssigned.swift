/// A staff member becomes the community's communication liaison (COM-04).
///
/// Appended to the `community-<id>` stream.
public struct StaffLiaisonAssigned: EventPayload {
    public static let typeName = "StaffLiaisonAssigned"
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
