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
