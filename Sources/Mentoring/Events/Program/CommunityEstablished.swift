/// A community is created with its focus; from its day it counts toward PRG-01 and PRG-02.
///
/// Kept in the `program` stream, beside every other community, so that establishing the
/// second Latinx community races against the first on one stream (PRG-02).
///
/// Appended to the `program` stream.
public struct CommunityEstablished: EventPayload {
    public static let typeName = "CommunityEstablished"
    public static let schemaVersion = 1

    /// The new community.
    public var community: CommunityID
    /// The community's display name (not personal data).
    public var name: String
    /// Its identity focus.
    public var focus: Focus

    public init(community: CommunityID, name: String, focus: Focus) {
        self.community = community
        self.name = name
        self.focus = focus
    }
}

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
