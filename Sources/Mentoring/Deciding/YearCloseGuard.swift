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
