/// A community stops; it no longer counts toward PRG-01/PRG-02 and takes no new members.
///
/// Appended to the `program` stream.
public struct CommunityRetired: EventPayload {
    public static let typeName = "CommunityRetired"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The retired community.
    public var community: CommunityID
    /// Why, as required by `community retire --reason`.
    public var reason: String

    public init(community: CommunityID, reason: String) {
        self.community = community
        self.reason = reason
    }
}

/// Retires a community; the reason (required) comes from the context.
///
/// `mcledger community retire <id> --reason TEXT`
public struct RetireCommunity: Hashable, Sendable {
    public var community: CommunityID

    public init(community: CommunityID) {
        self.community = community
    }
}
