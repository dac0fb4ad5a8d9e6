internal import EventStore
internal import Mentoring

/// Reads the streams a decision asks for, folds them, and remembers the version of
/// each, which the append then expects.
struct StreamLoader {
    enum Mode {
        /// One read per stream, when asked: a single command reads two or three streams.
        case perStream
        /// The whole log in one pass, then every stream is at hand: an import of thousands
        /// of rows would otherwise make thousands of round trips.
        case wholeLog
    }

    let store: EventStore
    let mode: Mode
    private(set) var states = StreamStates()
    /// The version of every stream a decision read: what the append expects.
    private(set) var expected: [Mentoring.StreamName: Int] = [:]
    private var logVersions: [Mentoring.StreamName: Int]?

    init(store: EventStore, mode: Mode) {
        self.store = store
        self.mode = mode
    }

    /// Reads every stream `command` needs, asking again after each read because some
    /// streams are known only once others are folded (a stipend's payee).
    mutating func load(for command: Command) throws {
        while let next = command.streamsRead(given: states).first(where: { expected[$0] == nil }) {
            try load(next)
        }
    }

    /// Reads `stream` unless it has been read already.
    mutating func load(_ stream: Mentoring.StreamName) throws {
        guard expected[stream] == nil else { return }
        switch mode {
        case .perStream:
            let slice = try store.read(stream: StoreStreamName(stream.rawValue))
            for event in slice.events {
                states.evolve(try EventEnvelope(recorded: event))
            }
            expected[stream] = slice.version
        case .wholeLog:
            if logVersions == nil {
                var versions: [Mentoring.StreamName: Int] = [:]
                var folded = StreamStates()
                try store.readAll { event in
                    // Streams the domain does not name (none, in a ledger only mcledger
                    // writes) are no part of any decision.
                    guard let name = try? Mentoring.StreamName(event.stream.rawValue) else { return }
                    folded.evolve(try EventEnvelope(recorded: event))
                    versions[name] = event.version
                }
                states = folded
                logVersions = versions
            }
            expected[stream] = logVersions?[stream] ?? 0
        }
    }

    /// Folds an event decided but not yet appended, so that the next decision of the same
    /// batch sees it (the 18th student of an import fills the community for the 19th).
    mutating func fold(_ envelope: EventEnvelope) throws {
        try load(envelope.stream)
        states.evolve(envelope)
    }
}
