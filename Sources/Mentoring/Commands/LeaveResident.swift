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
