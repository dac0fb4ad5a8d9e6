/// The stipend's life: request, approve, pay, reverse (STP-01..05, and LDR-02's hold).
///
/// Separation of duties (STP-04) compares who recorded each step by ``Operator``: their
/// logins, which the server records, and only where a step predates logins their
/// actors. The requester, the approver and the payer are three different people; the
/// payee (by login or actor, ``Operator/isPerson(_:)``) may request their own stipend but
/// may neither approve nor record its payment.
enum StipendDecider {
    static func request(_ command: RequestStipend, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(command.community, states)
        let community = states.community(command.community)
        let policy = states.program.policy(for: command.year)
        // STP-01 (one per community-year) is judged on the stipends' whole history by
        // the timeline guard, corrections included.
        guard context.occurredOn >= command.year.firstDay else {
            throw DomainError(.stp03, "a stipend for \(command.year) can be requested from \(command.year.firstDay), when that year begins; \(context.occurredOn) is before it")
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
        let issuer = context.issuer
        try inOrder(context.occurredOn, "approval", after: stipend.requested.occurredOn, "requested")
        if issuer.isSamePerson(as: stipend.requested.recordedBy) {
            throw DomainError(.stp04, "\(stipend.requested.recordedBy) requested this stipend; another person, with their own login, approves it")
        }
        if issuer.isPerson(payeeID) {
            throw DomainError(.stp04, "\(issuer) is the payee; the payee approves nothing of their own")
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
        let issuer = context.issuer
        try inOrder(context.occurredOn, "payment", after: approved.occurredOn, "approved")
        if issuer.isSamePerson(as: stipend.requested.recordedBy) {
            throw DomainError(.stp04, "\(stipend.requested.recordedBy) requested this stipend; a third person, with their own login, records the payment")
        }
        if issuer.isSamePerson(as: approved.recordedBy) {
            throw DomainError(.stp04, "\(approved.recordedBy) approved this stipend; a third person, with their own login, records the payment")
        }
        if issuer.isPerson(stipend.payee) {
            throw DomainError(.stp04, "\(issuer) is the payee; the payee records no payment of their own")
        }
        let reference = try Guards.text(command.reference, field: "reference")
        let payee = try Guards.registered(stipend.payee, states)
        try holdForTitle(payee, stipend.payee, community, command.year)
        let event = StipendPaid(community: command.community, year: command.year, payee: stipend.payee, amount: stipend.requested.payload.amount, reference: reference)
        return [PendingEvent(stream: .community(command.community), event: .stipendPaid(event))]
    }

    static func reverse(_ command: ReverseStipend, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(command.community, states)
        guard let stipend = states.community(command.community).activeStipends(for: command.year).last else {
            throw DomainError(.notApplicable, "\(command.community) has no stipend for \(command.year) to reverse")
        }
        let reason = try Guards.reason(context, for: "reversing a stipend")
        let latest = [stipend.requested.occurredOn, stipend.approved?.occurredOn, stipend.paid?.occurredOn].compactMap { $0 }.max()!
        if context.occurredOn < latest {
            throw DomainError(.notApplicable, "the stipend's last step is dated \(latest); a reversal dated \(context.occurredOn) would come before it; date it on or after \(latest)")
        }
        let event = StipendReversed(community: command.community, year: command.year, payee: stipend.payee, reason: reason)
        return [PendingEvent(stream: .community(command.community), event: .stipendReversed(event))]
    }

    /// STP-04's steps follow each other by date as well as in the log: a step recorded late
    /// may be back-dated, but not to before the step it follows.
    private static func inOrder(_ date: Day, _ step: String, after earlier: Day, _ earlierStep: String) throws(DomainError) {
        guard date < earlier else { return }
        throw DomainError(.stp04, "this stipend was \(earlierStep) on \(earlier); its \(step) cannot be dated \(date), before that; date it on or after \(earlier)")
    }

    /// STP-03: the payee is faculty and has led this community on a day of the year up to
    /// the command's date (a leadership merely planned does not count); LDR-02 holds it.
    private static func checkEligible(
        _ payee: PersonState, _ id: PersonID, _ community: CommunityState, _ communityID: CommunityID,
        _ year: AcademicYear, _ context: DecisionContext
    ) throws(DomainError) {
        let through = min(context.occurredOn, year.lastDay)
        guard payee.role == .faculty, through >= year.firstDay,
              community.members(.leader, during: year, through: through).contains(where: { $0.person == id }) else {
            throw DomainError(.stp03, "\(id) has not led \(communityID) in \(year) by \(through); only a leader of that community in that year is paid its stipend")
        }
        try holdForTitle(payee, id, community, year)
    }

    /// LDR-02: a leader who held a barred title on a day they led the community in `year`
    /// is not paid; the stipend is held. Titles after the leadership or the year do not count.
    private static func holdForTitle(_ payee: PersonState, _ id: PersonID, _ community: CommunityState, _ year: AcademicYear) throws(DomainError) {
        guard let barred = barredTitle(payee, id, community, year) else { return }
        throw DomainError(.ldr02, "\(id) was \(barred.title.withArticle) from \(barred.from) while leading in \(year) and may not lead; the stipend is held until that is resolved")
    }

    /// The first barred title the payee held on a day they led the community in `year`.
    static func barredTitle(_ payee: PersonState, _ id: PersonID, _ community: CommunityState, _ year: AcademicYear, through: Day? = nil) -> (title: FacultyTitle, from: Day)? {
        let last = min(through ?? year.lastDay, year.lastDay)
        for tenure in community.tenures(of: Membership(.leader, id)) where tenure.overlaps(year, through: last) {
            let from = max(tenure.since, year.firstDay)
            let until = min(tenure.until ?? last.next, last.next)
            if let barred = payee.barredTitle(from: from, until: until) { return (barred.title, barred.from) }
        }
        return nil
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
        throw DomainError(.stp05, "\(unmet.joined(separator: " and ")); approve after that, or with \(Field.waiver) and a reason")
    }
}
