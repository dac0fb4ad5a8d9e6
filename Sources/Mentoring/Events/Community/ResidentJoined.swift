/// A resident joins a community (COM-02).
///
/// Appended to the `community-<id>` stream.
public struct ResidentJoined: EventPayload {
    public static let typeName = "ResidentJoined"
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

/// Adds a resident (COM-02).
///
/// `mcledger resident join <resident-id> --community <id>`
public struct JoinResident: Hashable, Sendable {
    public var resident: PersonID
    public var community: CommunityID

    public init(resident: PersonID, community: CommunityID) {
        self.resident = resident
        self.community = community
    }
}
