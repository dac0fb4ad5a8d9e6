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
