/// Decisions on the `program` stream: communities established and retired, years
/// closed, policies set. PRG-02's maximum is refused here; PRG-01 and PRG-02's minimums
/// are findings (``ProgramRules``).
enum ProgramDecider {
    static func establish(_ command: EstablishCommunity, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        if let existing = states.program.communities[command.community] {
            throw DomainError(.alreadyDone, "community \(command.community) was established on \(existing.established.occurredOn); ids are never reused, choose another")
        }
        let name = try Guards.text(command.name, field: "name")
        let policy = states.program.policy(on: context.occurredOn)
        let bounds = policy.bounds(for: command.focus)
        let sameFocus = states.program.activeCommunities(on: context.occurredOn).filter { $0.focus == command.focus }
        guard sameFocus.count < bounds.maximum else {
            throw DomainError(.prg02, "there \(sameFocus.count == 1 ? "is" : "are") already \(sameFocus.count) active \(command.focus) communit\(sameFocus.count == 1 ? "y" : "ies") (\(sameFocus.map(\.id.rawValue).joined(separator: ", "))), the maximum is \(bounds.maximum); retire one first or set a policy for \(context.occurredOn.academicYear)")
        }
        return [PendingEvent(stream: .program, event: .communityEstablished(CommunityEstablished(community: command.community, name: name, focus: command.focus)))]
    }

    static func retire(_ command: RetireCommunity, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.activeCommunity(command.community, states, context)
        let reason = try Guards.reason(context, for: "retiring \(command.community)")
        return [PendingEvent(stream: .program, event: .communityRetired(CommunityRetired(community: command.community, reason: reason)))]
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
