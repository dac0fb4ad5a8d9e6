/// Decisions on the `program` stream: communities established and retired, years
/// closed, policies set. PRG-02's maximum is refused here; PRG-01 and PRG-02's minimums
/// are findings (``ProgramRules``).
enum ProgramDecider {
    static func establish(_ command: EstablishCommunity, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        if let existing = states.program.communities[command.community] {
            throw DomainError(.alreadyDone, "community \(command.community) was established on \(existing.established.occurredOn); ids are never reused, choose another")
        }
        let name = try Guards.text(command.name, field: "name")
        // PRG-02's maximum is judged on every date by the timeline guard.
        return [PendingEvent(stream: .program, event: .communityEstablished(CommunityEstablished(community: command.community, name: name, focus: command.focus)))]
    }

    /// Retires a community on the command's date and ends, by events dated that day,
    /// every membership still open then (a student's on both streams), so nobody stays
    /// seated in a community that no longer runs. A membership or activity dated after
    /// the retirement is refused by the timeline guard: correct it first.
    static func retire(_ command: RetireCommunity, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let id = command.community
        let record = try Guards.activeCommunity(id, states, context)
        if let retired = record.retired {
            throw DomainError(.alreadyDone, "\(id) is already retired from \(retired.occurredOn); correct that retirement first to change its date")
        }
        let reason = try Guards.reason(context, for: "retiring \(id)")
        var events = [PendingEvent(stream: .program, event: .communityRetired(CommunityRetired(community: id, reason: reason)))]
        for tenure in states.community(id).tenures where tenure.isOpen && tenure.since < context.occurredOn {
            events += try MembershipDecider.leave(tenure.role, tenure.person, id, states, context)
        }
        return events
    }

    static func close(_ command: CloseYear, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        if let closed = states.program.closedYears[command.year] {
            throw DomainError(.alreadyDone, "\(command.year) was closed on \(closed.occurredOn)")
        }
        guard context.occurredOn > command.year.lastDay else {
            throw DomainError(.notApplicable, "\(command.year) runs until \(command.year.lastDay); close it after that")
        }
        return [PendingEvent(stream: .program, event: .yearClosed(YearClosed(year: command.year)))]
    }

    static func setPolicy(_ command: SetPolicy, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let problems = command.policy.problems
        guard problems.isEmpty else {
            throw DomainError(.invalidInput, "the policy for \(command.year) cannot be set: \(problems.joined(separator: "; ")); fix those numbers")
        }
        return [PendingEvent(stream: .program, event: .policySet(PolicySet(year: command.year, policy: command.policy)))]
    }
}
