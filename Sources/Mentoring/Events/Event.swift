/// Everything the program records, one case per fact.
///
/// Events carry ids and facts only, never names or contact details. Each payload has a
/// stable type name and schema version (see ``EventPayload``); business date, actor and
/// reason travel beside it in the store's metadata (``EventEnvelope``).
public enum Event: Hashable, Sendable {
    case communityEstablished(CommunityEstablished)
    case communityRetired(CommunityRetired)
    /// Boxed: a year's policy holds every number of the rules (232 bytes), and an enum is
    /// as large as its largest case, so unboxed it made every event that size. Held in
    /// each stream's history, that was most of a folded state's memory (a rebuild keeps
    /// every student's and faculty member's); boxed, an event takes 73 (`EventLayoutTests`).
    indirect case policySet(PolicySet)
    case yearClosed(YearClosed)
    case personRegistered(PersonRegistered)
    case personRetitled(PersonRetitled)
    case personDetailsChanged(PersonDetailsChanged)
    case personDetailsErased(PersonDetailsErased)
    case trainingCompleted(TrainingCompleted)
    case studentPlaced(StudentPlaced)
    case studentReleased(StudentReleased)
    case leaderAppointed(LeaderAppointed)
    case leaderSteppedDown(LeaderSteppedDown)
    case residentJoined(ResidentJoined)
    case residentLeft(ResidentLeft)
    case studentJoined(StudentJoined)
    case studentLeft(StudentLeft)
    case staffLiaisonAssigned(StaffLiaisonAssigned)
    case staffLiaisonUnassigned(StaffLiaisonUnassigned)
    case communityMemberAssigned(CommunityMemberAssigned)
    case communityMemberRemoved(CommunityMemberRemoved)
    case gatheringHeld(GatheringHeld)
    case meetingHeld(MeetingHeld)
    case hoursLogged(HoursLogged)
    case stipendRequested(StipendRequested)
    case stipendApproved(StipendApproved)
    case stipendPaid(StipendPaid)
    case stipendReversed(StipendReversed)
    case eventCorrected(EventCorrected)
    case textRedacted(TextRedacted)
    case recordsDisclosed(RecordsDisclosed)
}

extension Event {
    /// The stable name stored in the `type` column; also how a message names the fact.
    public var typeName: String {
        switch self {
        case .communityEstablished: CommunityEstablished.typeName
        case .communityRetired: CommunityRetired.typeName
        case .policySet: PolicySet.typeName
        case .yearClosed: YearClosed.typeName
        case .personRegistered: PersonRegistered.typeName
        case .personRetitled: PersonRetitled.typeName
        case .personDetailsChanged: PersonDetailsChanged.typeName
        case .personDetailsErased: PersonDetailsErased.typeName
        case .trainingCompleted: TrainingCompleted.typeName
        case .studentPlaced: StudentPlaced.typeName
        case .studentReleased: StudentReleased.typeName
        case .leaderAppointed: LeaderAppointed.typeName
        case .leaderSteppedDown: LeaderSteppedDown.typeName
        case .residentJoined: ResidentJoined.typeName
        case .residentLeft: ResidentLeft.typeName
        case .studentJoined: StudentJoined.typeName
        case .studentLeft: StudentLeft.typeName
        case .staffLiaisonAssigned: StaffLiaisonAssigned.typeName
        case .staffLiaisonUnassigned: StaffLiaisonUnassigned.typeName
        case .communityMemberAssigned: CommunityMemberAssigned.typeName
        case .communityMemberRemoved: CommunityMemberRemoved.typeName
        case .gatheringHeld: GatheringHeld.typeName
        case .meetingHeld: MeetingHeld.typeName
        case .hoursLogged: HoursLogged.typeName
        case .stipendRequested: StipendRequested.typeName
        case .stipendApproved: StipendApproved.typeName
        case .stipendPaid: StipendPaid.typeName
        case .stipendReversed: StipendReversed.typeName
        case .eventCorrected: EventCorrected.typeName
        case .textRedacted: TextRedacted.typeName
        case .recordsDisclosed: RecordsDisclosed.typeName
        }
    }
}
