/// A faculty member becomes a leader of a community (COM-01, LDR-01..03).
///
/// Appended to the `community-<id>` stream.
public struct LeaderAppointed: EventPayload {
    public static let typeName = "LeaderAppointed"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The community.
    public var community: CommunityID
    /// The faculty member.
    public var leader: PersonID
    /// The written justification when LDR-03 (five years after residency) is not met.
    public var exception: String?

    public init(community: CommunityID, leader: PersonID, exception: String? = nil) {
        self.community = community
        self.leader = leader
        self.exception = exception
    }
}

/// Appoints a faculty leader (COM-01, LDR-01..03). Reads the person so that a retitle racing the appointment makes one of them retry.
///
/// `mcledger leader appoint <faculty-id> --community <id> [--exception TEXT]`
public struct AppointLeader: Hashable, Sendable {
    public var leader: PersonID
    public var community: CommunityID
    public var exception: String?

    public init(leader: PersonID, community: CommunityID, exception: String? = nil) {
        self.leader = leader
        self.community = community
        self.exception = exception
    }
}
