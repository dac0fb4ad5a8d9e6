/// The one entry point that turns a command into events, or refuses it.
///
/// Pure: the states come from the streams the command read (``Command/streamsRead(given:)``),
/// the date, actor and reason from ``DecisionContext``. Every rule of DESIGN.md that is a
/// refusal is checked in exactly one function below this one, named after its area.
///
/// This file also holds what every decision shares: ``Guards``, the checks the area
/// deciders start with, and ``YearCloseGuard``, applied to every command's events last
/// (``TimelineGuard``, which judges the whole timeline, has a file of its own).
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

/// The checks most deciders start with: the community exists, the person is registered
/// with the right role, a required reason is given. Kept together so that every command
/// words "unknown id" the same way.
enum Guards {
    /// The community, when it is established and not retired on the context's date.
    static func activeCommunity(_ id: CommunityID, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> ProgramState.CommunityRecord {
        let record = try knownCommunity(id, states)
        if let retired = record.retired, retired.occurredOn <= context.occurredOn {
            throw DomainError(.unknownCommunity, "\(id) was retired on \(retired.occurredOn); choose an active community")
        }
        guard record.established.occurredOn <= context.occurredOn else {
            throw DomainError(.unknownCommunity, "\(id) is established from \(record.established.occurredOn), after \(context.occurredOn); check \(Field.date)")
        }
        return record
    }

    /// The community, established at some time (retired or not), for leaving and stipends.
    static func knownCommunity(_ id: CommunityID, _ states: StreamStates) throws(DomainError) -> ProgramState.CommunityRecord {
        guard let record = states.program.communities[id] else {
            throw DomainError(.unknownCommunity, "no community \(id) exists; establish it first with `mcledger community establish \(id)`")
        }
        return record
    }

    /// The person's state, when registered.
    static func registered(_ id: PersonID, _ states: StreamStates) throws(DomainError) -> PersonState {
        let person = states.person(id)
        guard person.registration != nil else {
            throw DomainError(.unknownPerson, "no person \(id) is registered; register them first with `mcledger person register \(id)`")
        }
        return person
    }

    /// The person's state, when registered with `role`.
    static func registered(_ id: PersonID, as role: Role, for purpose: String, _ states: StreamStates) throws(DomainError) -> PersonState {
        let person = try registered(id, states)
        guard let actual = person.role, actual == role else {
            throw DomainError(.wrongRole, "\(id) is registered as \(person.role?.rawValue ?? "nothing"); only a \(role) can \(purpose)")
        }
        return person
    }

    /// The person's state, when registered with `role` on or before the context's date:
    /// a person's facts start at their registration.
    static func registered(_ id: PersonID, as role: Role, for purpose: String, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> PersonState {
        let person = try registered(id, as: role, for: purpose, states)
        try registeredBy(person, id, context)
        return person
    }

    /// Refuses a fact dated before the person's registration.
    static func registeredBy(_ person: PersonState, _ id: PersonID, _ context: DecisionContext) throws(DomainError) {
        if let registered = person.registeredOn, context.occurredOn < registered {
            throw DomainError(.unknownPerson, "\(id) is registered from \(registered), after \(context.occurredOn); a fact about them cannot be dated before it; check \(Field.date)")
        }
    }

    /// The trimmed reason, required by REC-01 for `what`.
    static func reason(_ context: DecisionContext, for what: String) throws(DomainError) -> String {
        guard let reason = context.givenReason else {
            throw DomainError(.rec01, "\(what) needs \(Field.reason)")
        }
        return reason
    }

    /// The trimmed text of a required field.
    static func text(_ value: String, field: String) throws(DomainError) -> String {
        let trimmed = value.trimmingBlanks
        guard !trimmed.isEmpty else {
            throw DomainError(.invalidInput, "\(field) is empty; give a value")
        }
        return trimmed
    }

    /// The trimmed text of an optional field, nil when absent or blank.
    static func optionalText(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingBlanks, !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

/// REC-01 for closed years: a write dated in a closed academic year (or paying for one,
/// or voiding an event dated in one) needs a reason and is marked a post-close adjustment.
///
/// Applied after the area deciders so that every command gets it, and so that a closed
/// year never hides a more specific refusal.
enum YearCloseGuard {
    static func mark(_ events: [PendingEvent], for command: Command, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let closed = affectedYears(command, states, context).filter(states.program.isClosed).sorted()
        guard let year = closed.first else { return events }
        guard context.givenReason != nil else {
            throw DomainError(.rec01, "\(year) is closed; a write dated \(context.occurredOn) that touches it needs \(Field.reason), and is recorded as a post-close adjustment")
        }
        return events.map { event in
            var marked = event
            marked.isPostCloseAdjustment = true
            return marked
        }
    }

    /// The academic years a command's write belongs to.
    private static func affectedYears(_ command: Command, _ states: StreamStates, _ context: DecisionContext) -> Set<AcademicYear> {
        var years: Set<AcademicYear> = [context.occurredOn.academicYear]
        switch command {
        case .requestStipend(let command): years.insert(command.year)
        case .approveStipend(let command): years.insert(command.year)
        case .payStipend(let command): years.insert(command.year)
        case .reverseStipend(let command): years.insert(command.year)
        case .setPolicy(let command): years.insert(command.year)
        case .correctEvent(let command):
            if let target = states.history(of: command.stream).first(where: { $0.eventID == command.eventID }) {
                years.insert(target.occurredOn.academicYear)
            }
        case .closeYear, .redactText:
            // Closing year Y is dated in Y+1; it does not touch Y's facts.
            break
        case .establishCommunity, .retireCommunity, .registerPerson, .retitlePerson, .renamePerson, .erasePerson, .appointLeader, .stepDownLeader,
             .joinResident, .leaveResident, .joinStudent, .leaveStudent, .assignStaff, .unassignStaff,
             .assignMember, .removeMember, .completeTraining, .recordGathering, .recordMeeting, .logHours:
            break
        }
        return years
    }
}
