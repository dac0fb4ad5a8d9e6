/// Records a whole-community gathering facilitated by a current leader (OBL-03).
///
/// `mcledger gathering record --community <id> --kind <kind> --hours H --facilitator <faculty-id> [--attendee <id>]... [--title TEXT]`
public struct RecordGathering: Hashable, Sendable {
    public var community: CommunityID
    public var kind: GatheringKind
    public var hours: Hours
    public var facilitator: PersonID
    public var attendees: [PersonID]
    public var title: String?

    public init(community: CommunityID, kind: GatheringKind, hours: Hours, facilitator: PersonID, attendees: [PersonID], title: String? = nil) {
        self.community = community
        self.kind = kind
        self.hours = hours
        self.facilitator = facilitator
        self.attendees = attendees
        self.title = title
    }
}
