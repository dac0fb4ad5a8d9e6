/// Retires a community; the reason (required) comes from the context.
///
/// `mcledger community retire <id> --reason TEXT`
public struct RetireCommunity: Hashable, Sendable {
    public var community: CommunityID

    public init(community: CommunityID) {
        self.community = community
    }
}
