/// The one entry point that turns a command into events, or refuses it.
///
/// Pure: the states come from the streams the command read (``Command/streamsRead(given:)``),
/// the date, actor and reason from ``DecisionContext``. Every rule of DESIGN.md that is a
/// refusal is checked in exactly one function below this one, named after its area.
public enum Decider {
    /// Decides `command` against the folded `states`.
    ///
    /// - Returns: the events to append, each with its stream, in order. The handler appends
    ///   them in one transaction expecting the versions of every stream it read.
    /// - Throws: ``DomainError`` naming the rule broken; nothing is to be written.
    public static func decide(_ command: Command, given states: StreamStates, context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let events: [PendingEvent]
        switch command {
        case .establishCommunity(let command):
            events = try ProgramDecider.establish(command, states, context)
        case .retireCommunity(let command):
            events = try ProgramDecider.retire(command, states, context)
        case .closeYear(let command):
            events = try ProgramDecider.close(command, states, context)
        case .setPolicy(let command):
            events = try ProgramDecider.setPolicy(command, states, context)
        case .registerPerson(let command):
            events = try PersonDecider.register(command, states, context)
        case .retitlePerson(let command):
            events = try PersonDecider.retitle(command, states, context)
        case .renamePerson(let command):
            events = try PersonDecider.rename(command, states, context)
        case .erasePerson(let command):
            events = try PersonDecider.erase(command, states, context)
        case .completeTraining(let command):
            events = try PersonDecider.completeTraining(command, states, context)
        case .appointLeader(let command):
            events = try LeaderDecider.appoint(command, states, context)
        case .stepDownLeader(let command):
            events = try LeaderDecider.stepDown(command, states, context)
        case .joinResident(let command):
            events = try MembershipDecider.join(.resident, command.resident, command.community, states, context)
        case .leaveResident(let command):
            events = try MembershipDecider.leave(.resident, command.resident, command.community, states, context)
        case .joinStudent(let command):
            events = try MembershipDecider.join(.student, command.student, command.community, states, context)
        case .leaveStudent(let command):
            events = try MembershipDecider.leave(.student, command.student, command.community, states, context)
        case .assignStaff(let command):
            events = try MembershipDecider.join(.staffLiaison, command.staff, command.community, states, context)
        case .unassignStaff(let command):
            events = try MembershipDecider.leave(.staffLiaison, command.staff, command.community, states, context)
        case .assignMember(let command):
            events = try MembershipDecider.assignMember(command, states, context)
        case .removeMember(let command):
            events = try MembershipDecider.leave(.communityMember, command.member, command.community, states, context)
        case .recordGathering(let command):
            events = try ActivityDecider.gathering(command, states, context)
        case .recordMeeting(let command):
            events = try ActivityDecider.meeting(command, states, context)
        case .logHours(let command):
            events = try ActivityDecider.logHours(command, states, context)
        case .requestStipend(let command):
            events = try StipendDecider.request(command, states, context)
        case .approveStipend(let command):
            events = try StipendDecider.approve(command, states, context)
        case .payStipend(let command):
            events = try StipendDecider.pay(command, states, context)
        case .reverseStipend(let command):
            events = try StipendDecider.reverse(command, states, context)
        case .correctEvent(let command):
            events = try CorrectionDecider.correct(command, states, context)
        case .redactText(let command):
            // Changes no fact of any timeline or year: no guard has anything to judge.
            return try RedactionDecider.redact(command, states, context)
        }
        try TimelineGuard.check(command, events, states, context)
        return try YearCloseGuard.mark(events, for: command, states, context)
    }
}
