/// Who may lead a community: LDR-01..03 on the appointment's date (COM-01's maximum is
/// judged on every date by ``TimelineGuard``).
enum LeaderDecider {
    static func appoint(_ command: AppointLeader, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let id = command.leader
        _ = try Guards.activeCommunity(command.community, states, context)
        let person = try Guards.registered(id, states)
        guard person.role == .faculty else {
            throw DomainError(.ldr01, "\(id) is registered as \(person.role?.rawValue ?? "nothing"); only faculty may lead a community")
        }
        try Guards.registeredBy(person, id, context)
        let title = person.title(on: context.occurredOn)
        guard !title.barsLeadership else {
            throw DomainError(.ldr02, "\(id) is \(title.withArticle); Associate or Senior Deans and Clerkship Directors may not lead a community (retitle them first if that changed)")
        }
        if states.community(command.community).tenure(.leader, id, on: context.occurredOn) != nil {
            throw DomainError(.alreadyDone, "\(id) already leads \(command.community)")
        }
        let policy = states.program.policy(on: context.occurredOn)
        let exception = try experienceException(person, id, command.exception, policy, context)
        let event = LeaderAppointed(community: command.community, leader: id, exception: exception)
        return [PendingEvent(stream: .community(command.community), event: .leaderAppointed(event))]
    }

    static func stepDown(_ command: StepDownLeader, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        try MembershipDecider.leave(.leader, command.leader, command.community, states, context)
    }

    /// The first day a leader who completed residency in `year` has `required` years of
    /// clinical experience after it: residency is assumed to end on June 30 of the year
    /// recorded (only the year is), so experience counts from July 1.
    static func experienced(completedResidencyIn year: Int, required: Int) -> Day {
        AcademicYear(startYear: year + required).firstDay
    }

    /// LDR-03: the exception to record, nil when the leader has the experience.
    ///
    /// An exception given to a leader who needs none is not recorded, so the auditors'
    /// list of exceptions holds only real ones.
    private static func experienceException(
        _ person: PersonState, _ id: PersonID, _ given: String?, _ policy: Policy, _ context: DecisionContext
    ) throws(DomainError) -> String? {
        let required = policy.yearsAfterResidency
        let completed = person.registration?.payload.residencyCompleted
        if let completed, context.occurredOn >= experienced(completedResidencyIn: completed, required: required) {
            return nil
        }
        if let justification = Guards.optionalText(given) {
            return justification
        }
        let shortfall = if let completed {
            "\(id) completed residency in \(completed) (taken as June 30), so has \(required) years of clinical experience only from \(experienced(completedResidencyIn: completed, required: required))"
        } else {
            "\(id) has no residency completion year on record"
        }
        throw DomainError(.ldr03, "\(shortfall); a leader is expected to have \(required) years of clinical experience after residency; appoint with \(Field.exception) and a written justification")
    }
}
