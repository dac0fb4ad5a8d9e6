/// Creates a community with its focus (PRG-02 refuses one above the focus's maximum).
///
/// `mcledger community establish <id> --name TEXT --focus <focus>`
public struct EstablishCommunity: Hashable, Sendable {
    public var community: CommunityID
    public var name: String
    public var focus: Focus

    public init(community: CommunityID, name: String, focus: Focus) {
        self.community = community
        self.name = name
        self.focus = focus
    }
}
