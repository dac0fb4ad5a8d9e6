/// A resident leaves a community.
///
/// Appended to the `community-<id>` stream.
public struct ResidentLeft: EventPayload {
    public static let typeName = "ResidentLeft"
    public static let schemaVersion = 1

    /// The community.
    public var community: CommunityID
    /// The resident.
    public var resident: PersonID

    public init(community: CommunityID, resident: PersonID) {
        self.community = community
        self.resident = resident
    }
}

/// Removes a resident.
///
/// `mcledger resident leave <resident-id> --community <id>`
public struct LeaveResident: Hashable, Sendable {
    public var resident: PersonID
    public var community: CommunityID

    public init(resident: PersonID, community: CommunityID) {
        self.resident = resident
        self.community = community
    }
}
