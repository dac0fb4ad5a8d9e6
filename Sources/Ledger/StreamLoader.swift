internal import EventCodec
internal import EventStore
internal import Mentoring

/// Reads the streams a decision asks for, folds them, and remembers the version of
/// each, which the append then expects.
///
/// A single command reads its two or three streams one by one, as it asks for them. A
/// batch (an import) first reads every stream its commands name, in a few round trips
/// (``prefetch(for:)``), since thousands of rows would otherwise make thousands.
struct StreamLoader {
    let store: EventStore
    /// How each stored event is read, as every reader reads it.
    let codec = EventCodec()
    private(set) var states = StreamStates()
    /// The version of every stream a decision read: what the append expects.
    private(set) var expected: [Mentoring.StreamName: Int] = [:]
    /// The version of every stream in the log, once the whole log has been folded; a
    /// stream missing here has no events.
    private(set) var logVersions: [Mentoring.StreamName: Int]?

    /// Events of the streams read that this build cannot decode, in the order met; a
    /// decision that needs one of their streams is refused (``CommandHandler``) unless a
    /// correction voids it, so one bad event never stops commands on other streams.
    private(set) var unreadable: [UnreadableEvent] = []

    /// Streams asked for in one query when prefetching: bounds the result held at once.
    let streamsPerRead: Int

    /// What an earlier attempt of the same write read: a stream found here is asked only
    /// for its events since, and every stream read is kept here for the next attempt.
    let cache: StreamCache?

    /// How many stored events this loader asked the server for and folded.
    private(set) var eventsRead = 0

    init(store: EventStore, streamsPerRead: Int = 5_000, cache: StreamCache? = nil) {
        self.store = store
        self.streamsPerRead = max(1, streamsPerRead)
        self.cache = cache
    }

    /// Reads, before any decision, every stream `commands` name by themselves.
    ///
    /// Whichever is smaller is read: the named streams (a few thousand per query), or
    /// the whole log in one pass when it holds fewer events than there are streams to
    /// look up (the first import into a new ledger). So an import costs what its rows
    /// touch, not what the ledger holds. Streams known only after folding others (a
    /// stipend's payee) are read later by ``load(for:)``, as for a single command.
    mutating func prefetch(for commands: some Sequence<Command>) throws {
        var wanted: [Mentoring.StreamName] = []
        var seen: Set<Mentoring.StreamName> = []
        for command in commands {
            for stream in command.streamsRead where expected[stream] == nil && seen.insert(stream).inserted {
                wanted.append(stream)
            }
        }
        if expected.isEmpty, wanted.count > streamsPerRead, try store.head().position <= Int64(wanted.count) {
            try readWholeLog()
            for stream in wanted { try load(stream) }
            return
        }
        var start = 0
        while start < wanted.count {
            let end = min(start + streamsPerRead, wanted.count)
            try read(Array(wanted[start..<end]))
            start = end
        }
    }

    /// Reads every stream `command` needs, asking again after each round because some
    /// streams are known only once others are folded (a stipend's payee, the students
    /// whose graduation a join counts with). Each round's streams are read in one round
    /// trip, so a command costs one read for what it names and one for what those name.
    mutating func load(for command: Command) throws {
        while true {
            let missing = command.streamsRead(given: states).filter { expected[$0] == nil }
            guard !missing.isEmpty else { return }
            if logVersions != nil || missing.count == 1 {
                for stream in missing { try load(stream) }
            } else {
                try read(Array(Set(missing)).sorted { $0.rawValue < $1.rawValue })
            }
        }
    }

    /// The version a decision read of the stream named `stored` (0 when none was read):
    /// what a chained bulk append numbers that stream's events from.
    func version(ofStored stored: String) -> Int {
        guard let name = try? Mentoring.StreamName(stored) else { return 0 }
        return expected[name] ?? 0
    }

    /// Reads `stream` unless it has been read already.
    mutating func load(_ stream: Mentoring.StreamName) throws {
        guard expected[stream] == nil else { return }
        if let logVersions {
            // Already folded with the whole log.
            expected[stream] = logVersions[stream] ?? 0
            return
        }
        if cache?[stream] != nil {
            try read([stream])
            return
        }
        let slice = try store.read(stream: EventStore.StreamName(stream.rawValue))
        fold(slice.events, of: stream, version: slice.version)
    }

    /// Folds an event decided but not yet appended, so that the next decision of the same
    /// batch sees it (the 18th student of an import fills the community for the 19th).
    mutating func fold(_ envelope: EventEnvelope) throws {
        try load(envelope.stream)
        states.evolve(envelope)
    }

    /// Reads and folds `streams` (none read yet, each once) in one round trip: those the
    /// cache holds from their cached version on, the others whole.
    private mutating func read(_ streams: [Mentoring.StreamName]) throws {
        let slices: [EventStore.StreamName: StreamSlice]
        if let cache, streams.contains(where: { cache[$0] != nil }) {
            slices = try store.read(after: Dictionary(
                streams.map { stream in (EventStore.StreamName(stream.rawValue), cache[stream]?.version ?? 0) },
                uniquingKeysWith: { first, _ in first }
            ))
        } else {
            slices = try store.read(streams: streams.map { EventStore.StreamName($0.rawValue) })
        }
        for stream in streams {
            let slice = slices[EventStore.StreamName(stream.rawValue)]
            fold(slice?.events ?? [], of: stream, version: slice?.version ?? 0)
        }
    }

    /// Folds `events`, the stored events of `stream` after its cached version (all of
    /// them when none is cached), onto the cached state, and keeps the result in the cache.
    private mutating func fold(_ events: [RecordedEvent], of stream: Mentoring.StreamName, version: Int) {
        let firstUnreadable = unreadable.count
        if let entry = cache?[stream], entry.version > 0 {
            states.set(entry.state, of: stream)
            unreadable += entry.unreadable
        }
        for event in events {
            if let envelope = readable(event) { states.evolve(envelope) }
        }
        eventsRead += events.count
        expected[stream] = version
        cache?.keep(StreamCache.Entry(version: version, state: states.state(of: stream), unreadable: Array(unreadable[firstUnreadable...])), for: stream)
    }

    /// Folds every event of the log in one streamed pass, before any stream was read.
    private mutating func readWholeLog() throws {
        var versions: [Mentoring.StreamName: Int] = [:]
        var folded = StreamStates()
        try store.readAll { event in
            // Streams the domain does not name (none, in a ledger only mcledger writes)
            // are no part of any decision.
            guard let name = try? Mentoring.StreamName(event.stream.rawValue) else { return }
            if let envelope = readable(event) { folded.evolve(envelope) }
            versions[name] = event.version
        }
        states = folded
        logVersions = versions
    }

    /// The envelope of `event`, or nil when this build cannot decode it (remembered in
    /// ``unreadable``).
    private mutating func readable(_ event: RecordedEvent) -> EventEnvelope? {
        do {
            return try codec.envelope(event)
        } catch {
            unreadable.append(UnreadableEvent(event, problem: error.description))
            return nil
        }
    }

    /// The unreadable events of `streams` that no correction voids.
    func unreadable(in streams: [Mentoring.StreamName]) -> [UnreadableEvent] {
        let wanted = Set(streams)
        return unreadable.filter { event in
            wanted.contains(event.stream) && !states.isVoided(EventID(event.eventID), in: event.stream)
        }
    }
}

/// A stored event of a domain stream that this build cannot decode.
struct UnreadableEvent: Sendable {
    var position: Int64
    var eventID: String
    var stream: Mentoring.StreamName
    var type: String
    /// Why, without the payload's values.
    var problem: String

    init(_ event: RecordedEvent, problem: String) {
        position = event.position
        eventID = event.eventID
        // Only events of domain streams are decoded (a foreign stream is never read).
        stream = (try? Mentoring.StreamName(event.stream.rawValue)) ?? .program
        type = event.type
        do {
            _ = try Event.decode(type: event.type, schemaVersion: event.schemaVersion, json: event.data)
            self.problem = problem
        } catch {
            self.problem = error.summary
        }
    }
}
