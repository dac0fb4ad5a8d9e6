/// Everything the program records, one case per fact.
///
/// Events carry ids and facts only, never names or contact details. Each payload has a
/// stable type name and schema version (see ``EventPayload``); business date, actor and
/// reason travel beside it in the store's metadata (``EventEnvelope``).
public enum Event: Hashable, Sendable {
    case communityEstablished(CommunityEstablished)
    case communityRetired(CommunityRetired)
    case policySet(PolicySet)
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
