/// What leaders do: gatherings, meetings and other hours. The yearly minimums are
/// findings (``ObligationRules``); here only facts that could not count are refused,
/// such as a gathering facilitated by someone who is not a leader on that day.
enum ActivityDecider {
    static func gathering(_ command: RecordGathering, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.activeCommunity(command.community, states, context)
        let community = states.community(command.community)
        guard community.isLeader(command.facilitator, on: context.occurredOn) else {
            throw DomainError(.obl03, "\(command.facilitator) is not a leader of \(command.community) on \(context.occurredOn); a gathering is facilitated by one of its leaders")
        }
        // A plain loop: the nested-closure form of this crashed the 6.3.1 optimizer (release builds).
        var strangers: [PersonID] = []
        for attendee in unique(command.attendees) {
            guard let registered = states.person(attendee).registeredOn, registered <= context.occurredOn else {
                strangers.append(attendee)
                continue
            }
        }
        guard strangers.isEmpty else {
            throw DomainError(.unknownPerson, "\(strangers.map(\.rawValue).joined(separator: ", ")) \(strangers.count == 1 ? "is" : "are") not registered on \(context.occurredOn); attendees are people of the program: register them first")
        }
        let event = GatheringHeld(
            community: command.community, kind: command.kind, hours: command.hours, facilitator: command.facilitator,
            attendees: unique(command.attendees), title: Guards.optionalText(command.title)
        )
        return [PendingEvent(stream: .community(command.community), event: .gatheringHeld(event))]
    }

    static func meeting(_ command: RecordMeeting, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.activeCommunity(command.community, states, context)
        let community = states.community(command.community)
        guard community.isLeader(command.leader, on: context.occurredOn) else {
            throw DomainError(.obl02, "\(command.leader) is not a leader of \(command.community) on \(context.occurredOn); record meetings of its leaders only")
        }
        let students = unique(command.students)
        guard !students.isEmpty else {
            throw DomainError(.invalidInput, "a meeting needs at least one \(Field.student)")
        }
        let enrolled = Set(community.members(.student, on: context.occurredOn, people: states.people, program: states.program).map(\.person))
        let strangers = students.filter { !enrolled.contains($0) }
        guard strangers.isEmpty else {
            throw DomainError(.obl02, "\(strangers.map(\.rawValue).joined(separator: ", ")) \(strangers.count == 1 ? "is not a student" : "are not students") of \(command.community) on \(context.occurredOn); a leader meets the community's own students")
        }
        let event = MeetingHeld(community: command.community, leader: command.leader, mode: command.mode, students: students, hours: command.hours)
        return [PendingEvent(stream: .community(command.community), event: .meetingHeld(event))]
    }

    static func logHours(_ command: LogHours, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.activeCommunity(command.community, states, context)
        guard states.community(command.community).isLeader(command.leader, on: context.occurredOn) else {
            throw DomainError(.obl01, "\(command.leader) is not a leader of \(command.community) on \(context.occurredOn); log hours of its leaders only")
        }
        let activity = try Guards.text(command.activity, field: "activity")
        let event = HoursLogged(community: command.community, leader: command.leader, hours: command.hours, activity: activity)
        return [PendingEvent(stream: .community(command.community), event: .hoursLogged(event))]
    }

    /// The ids in order of first appearance, each once.
    private static func unique(_ ids: [PersonID]) -> [PersonID] {
        var seen: Set<PersonID> = []
        return ids.filter { seen.insert($0).inserted }
    }
}
