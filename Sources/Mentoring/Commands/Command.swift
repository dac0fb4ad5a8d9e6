/// Every write an administrator can make: one case per command of CLI.md's "Writing"
/// section (plus `staff unassign` and `policy set`, which the rules need).
///
/// Commands are values: the CLI parses flags into one, the handler asks it which streams
/// to read (``streamsRead(given:)``), folds them and calls ``Decider/decide(_:given:context:)``.
/// Each command is defined in the file of the event it records, under `Events/` (``JoinStudent``
/// beside ``StudentJoined``): the request and the fact it becomes are read together.
public enum Command: Hashable, Sendable {
    case establishCommunity(EstablishCommunity)
    case retireCommunity(RetireCommunity)
    case registerPerson(RegisterPerson)
    case retitlePerson(RetitlePerson)
    case renamePerson(RenamePerson)
    case erasePerson(ErasePerson)
    case appointLeader(AppointLeader)
    case stepDownLeader(StepDownLeader)
    case joinResident(JoinResident)
    case leaveResident(LeaveResident)
    case joinStudent(JoinStudent)
    case leaveStudent(LeaveStudent)
    case assignStaff(AssignStaff)
    case unassignStaff(UnassignStaff)
    case assignMember(AssignMember)
    case removeMember(RemoveMember)
    case completeTraining(CompleteTraining)
    case recordGathering(RecordGathering)
    case recordMeeting(RecordMeeting)
    case logHours(LogHours)
    case requestStipend(RequestStipend)
    case approveStipend(ApproveStipend)
    case payStipend(PayStipend)
    case reverseStipend(ReverseStipend)
    case closeYear(CloseYear)
    case setPolicy(SetPolicy)
    case correctEvent(CorrectEvent)
    case redactText(RedactText)
}
