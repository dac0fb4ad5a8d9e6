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
