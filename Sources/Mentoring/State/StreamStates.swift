/// The folded states of the streams a command read, handed to the decider together.
///
/// A command handler fills it by folding each stream it reads (``evolve(_:)`` routes an
/// envelope by its stream); a stream never written is simply an empty state.
public struct StreamStates: Hashable, Sendable {
    public var program = ProgramState()
    public var communities: [CommunityID: CommunityState] = [:]
    public var people: [PersonID: PersonState] = [:]

    public init() {}

    /// Folds one recorded event into the state of its stream.
    public mutating func evolve(_ envelope: EventEnvelope) {
        switch envelope.stream {
        case .program:
            program.evolve(envelope)
        case .community(let id):
            communities[id, default: CommunityState()].evolve(envelope)
        case .person(let id):
            people[id, default: PersonState()].evolve(envelope)
        case .disclosures:
            // No decision reads the record of disclosures.
            break
        }
    }

    /// Folds every envelope, in order.
    public mutating func evolve(_ envelopes: some Sequence<EventEnvelope>) {
        for envelope in envelopes { evolve(envelope) }
    }

    /// The state of `community` (empty when its stream has no events).
    public func community(_ id: CommunityID) -> CommunityState { communities[id] ?? CommunityState() }

    /// The state of `person` (empty when not registered).
    public func person(_ id: PersonID) -> PersonState { people[id] ?? PersonState() }

    /// The state of any stream's history, for corrections: the envelopes it recorded.
    func history(of stream: StreamName) -> [EventEnvelope] {
        switch stream {
        case .program: program.history
        case .community(let id): community(id).history
        case .person(let id): person(id).history
        case .disclosures: []
        }
    }

    /// Voided ids of a stream.
    func voided(in stream: StreamName) -> [EventID: EventEnvelope] {
        switch stream {
        case .program: program.voided
        case .community(let id): community(id).voided
        case .person(let id): person(id).voided
        case .disclosures: [:]
        }
    }
}
