/// Who may lead a community: COM-01's maximum and LDR-01..03.
enum LeaderDecider {
    static func appoint(_ command: AppointLeader, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let id = command.leader
        _ = try Guards.activeCommunity(command.community, states, context)
        let person = try Guards.registered(id, states)
        guard person.role == .faculty else {
            throw DomainError(.ldr01, "\(id) is registered as \(person.role?.rawValue ?? "nothing"); only faculty may lead a community")
        }
        let title = person.title(on: context.occurredOn)
        guard !title.barsLeadership else {
            throw DomainError(.ldr02, "\(id) is \(title.withArticle); Associate or Senior Deans and Clerkship Directors may not lead a community (retitle them first if that changed)")
        }
        let community = states.community(command.community)
        guard !community.isCurrent(.leader, id) else {
            throw DomainError(.alreadyDone, "\(id) already leads \(command.community)")
        }
        let policy = states.program.policy(on: context.occurredOn)
        try MembershipDecider.checkRoom(.leader, in: community, command.community, policy, remedy: "have one step down first")
        let exception = try experienceException(person, id, command.exception, policy, context)
        let event = LeaderAppointed(community: command.community, leader: id, exception: exception)
        return [PendingEvent(stream: .community(command.community), event: .leaderAppointed(event))]
    }

    static func stepDown(_ command: StepDownLeader, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(command.community, states)
        guard states.community(command.community).isCurrent(.leader, command.leader) else {
            throw DomainError(.notApplicable, "\(command.leader) does not lead \(command.community); check the ids")
        }
        let event = LeaderSteppedDown(community: command.community, leader: command.leader)
        return [PendingEvent(stream: .community(command.community), event: .leaderSteppedDown(event))]
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
        if let completed, context.occurredOn.year - completed >= required {
            return nil
        }
        if let justification = Guards.optionalText(given) {
            return justification
        }
        let shortfall = if let completed {
            "\(id) completed residency in \(completed), \(context.occurredOn.year - completed) years before \(context.occurredOn.year)"
        } else {
            "\(id) has no residency completion year on record"
        }
        throw DomainError(.ldr03, "\(shortfall); a leader is expected to have \(required) years of clinical experience after residency; appoint with --exception and a written justification")
    }
}
