/// A whole-community gathering took place, facilitated by a leader (OBL-03).
///
/// Appended to the `community-<id>` stream.
public struct GatheringHeld: EventPayload {
    public static let typeName = "GatheringHeld"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The community.
    public var community: CommunityID
    /// What it was.
    public var kind: GatheringKind
    /// Its length, counted toward the facilitator's OBL-01 hours.
    public var hours: Hours
    /// The leader who facilitated it.
    public var facilitator: PersonID
    /// Who came (ids only).
    public var attendees: [PersonID]
    /// An optional description, e.g. the book read.
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
