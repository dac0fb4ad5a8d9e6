/// The stipend's life: request, approve, pay, reverse (STP-01..05, and LDR-02's hold).
///
/// Separation of duties (STP-04) compares actors, and the payee by the rule of
/// ``Actor/person``: the requester, the approver and the payer are three different
/// actors; the payee may request their own stipend but may neither approve nor record
/// its payment.
enum StipendDecider {
    static func request(_ command: RequestStipend, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(command.community, states)
        let community = states.community(command.community)
        let policy = states.program.policy(for: command.year)
        let active = community.activeStipends(for: command.year)
        guard active.count < policy.stipendsPerCommunityYear else {
            let existing = active[0]
            throw DomainError(.stp01, "\(command.community) already has a stipend for \(command.year) (\(existing.status) for \(existing.payee)); at most \(policy.stipendsPerCommunityYear) per community per academic year; reverse it first if it is wrong")
        }
        guard command.amount == policy.stipendAmount else {
            throw DomainError(.stp02, "the stipend for \(command.year) is \(policy.stipendAmount), not \(command.amount); request \(policy.stipendAmount.dollarsText)")
        }
        let payee = try Guards.registered(command.payee, states)
        try checkEligible(payee, command.payee, community, command.community, command.year, context)
        let event = StipendRequested(community: command.community, year: command.year, payee: command.payee, amount: command.amount)
        return [PendingEvent(stream: .community(command.community), event: .stipendRequested(event))]
    }

    static func approve(_ command: ApproveStipend, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(command.community, states)
        let community = states.community(command.community)
        guard let stipend = community.activeStipends(for: command.year).last, stipend.status == .requested else {
            throw DomainError(.notApplicable, "\(command.community) has no stipend awaiting approval for \(command.year); request one first")
        }
        let payeeID = stipend.payee
        if context.actor == stipend.requested.actor {
            throw DomainError(.stp04, "\(context.actor) requested this stipend; a different actor approves it")
        }
        if context.actor.person == payeeID {
            throw DomainError(.stp04, "\(context.actor) is the payee; the payee approves nothing of their own")
        }
        let payee = try Guards.registered(payeeID, states)
        try checkEligible(payee, payeeID, community, command.community, command.year, context)
        let waiver = try duties(payee, payeeID, community, command, states, context)
        let event = StipendApproved(community: command.community, year: command.year, payee: payeeID, waiver: waiver)
        return [PendingEvent(stream: .community(command.community), event: .stipendApproved(event))]
    }

    static func pay(_ command: PayStipend, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(command.community, states)
        let community = states.community(command.community)
        guard let stipend = community.activeStipends(for: command.year).last, stipend.status == .approved, let approved = stipend.approved else {
            throw DomainError(.notApplicable, "\(command.community) has no approved, unpaid stipend for \(command.year); approve it first")
        }
        if context.actor == stipend.requested.actor {
            throw DomainError(.stp04, "\(context.actor) requested this stipend; a third actor records the payment")
        }
        if context.actor == approved.actor {
            throw DomainError(.stp04, "\(context.actor) approved this stipend; a third actor records the payment")
        }
        if context.actor.person == stipend.payee {
            throw DomainError(.stp04, "\(context.actor) is the payee; the payee records no payment of their own")
        }
        let reference = try Guards.text(command.reference, field: "reference")
        let payee = try Guards.registered(stipend.payee, states)
        try holdForTitle(payee, stipend.payee, context)
        let event = StipendPaid(community: command.community, year: command.year, payee: stipend.payee, amount: stipend.requested.payload.amount, reference: reference)
        return [PendingEvent(stream: .community(command.community), event: .stipendPaid(event))]
    }

    static func reverse(_ command: ReverseStipend, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(command.community, states)
        guard let stipend = states.community(command.community).activeStipends(for: command.year).last else {
            throw DomainError(.notApplicable, "\(command.community) has no stipend for \(command.year) to reverse")
        }
        let reason = try Guards.reason(context, for: "reversing a stipend")
        let event = StipendReversed(community: command.community, year: command.year, payee: stipend.payee, reason: reason)
        return [PendingEvent(stream: .community(command.community), event: .stipendReversed(event))]
    }

    /// STP-03: the payee is faculty and led this community during the year; LDR-02 holds it.
    private static func checkEligible(
        _ payee: PersonState, _ id: PersonID, _ community: CommunityState, _ communityID: CommunityID,
        _ year: AcademicYear, _ context: DecisionContext
    ) throws(DomainError) {
        guard payee.role == .faculty, !community.members(.leader, during: year, through: year.lastDay).filter({ $0.person == id }).isEmpty else {
            throw DomainError(.stp03, "\(id) is not a leader of \(communityID) during \(year); only a leader of that community is paid its stipend")
        }
        try holdForTitle(payee, id, context)
    }

    /// LDR-02: a leader who has gained a barred title is not paid; the stipend is held.
    private static func holdForTitle(_ payee: PersonState, _ id: PersonID, _ context: DecisionContext) throws(DomainError) {
        let title = payee.title(on: context.occurredOn)
        guard !title.barsLeadership else {
            throw DomainError(.ldr02, "\(id) is now \(title.withArticle) and may not lead; the stipend is held until that is resolved")
        }
    }

    /// STP-05: training (LDR-04) and gatherings (OBL-03) are met, or a waiver says why not.
    ///
    /// - Returns: the waiver to record; nil when the duties are met.
    private static func duties(
        _ payee: PersonState, _ id: PersonID, _ community: CommunityState, _ command: ApproveStipend,
        _ states: StreamStates, _ context: DecisionContext
    ) throws(DomainError) -> String? {
        let policy = states.program.policy(for: command.year)
        let through = min(context.occurredOn, command.year.lastDay)
        let gatherings = ObligationRules.countedGatherings(community, command.year, through: through).count
        var unmet: [String] = []
        if payee.training(by: context.occurredOn) == nil {
            unmet.append("\(id) has not completed leadership training (LDR-04)")
        }
        if gatherings < policy.gatheringsPerYear {
            unmet.append("\(command.community) has \(gatherings) of \(policy.gatheringsPerYear) gatherings in \(command.year) (OBL-03)")
        }
        guard !unmet.isEmpty else { return nil }
        if let waiver = Guards.optionalText(command.waiver) { return waiver }
        throw DomainError(.stp05, "\(unmet.joined(separator: " and ")); approve after that, or with --waiver and a reason")
    }
}
