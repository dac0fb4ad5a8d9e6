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
