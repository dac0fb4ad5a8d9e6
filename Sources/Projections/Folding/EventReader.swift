internal import Dispatch
internal import EventCodec
internal import EventStore
internal import Foundation
internal import Mentoring
internal import Postgres

/// Reads events for projectors through ``EventStore``'s folding reads and decodes them
/// (``EventCodec``); ``StateLoader`` below folds the streams a batch touches from them.
///
/// Not `EventStore.readAll`: a projector reads up to the position its batch ends at (so
/// its rows match its checkpoint exactly), reads whole streams for a recomputation, and
/// skips the hash and commit-time columns that folding never needs.
struct EventReader {
    let store: EventStore
    let codec: EventCodec
    /// Where events that cannot be decoded are set aside; they are left out of what is read.
    var quarantine = QuarantineLog()

    init(connection: Connection, codec: EventCodec, quarantine: QuarantineLog = QuarantineLog()) {
        self.store = EventStore(connection: connection)
        self.codec = codec
        self.quarantine = quarantine
    }

    var connection: Connection { store.connection }

    /// What one batch read: the events it can fold, and how far it read (events that
    /// cannot be decoded are quarantined, yet passed).
    struct Batch {
        var events: [EventEnvelope]
        /// The last position read, nil when nothing was.
        var through: Int64?
        /// Rows read, decoded or not.
        var count: Int
    }

    /// At most `limit` events after `position`, in position order.
    func batch(after position: Int64, limit: Int) throws -> Batch {
        var rows: [StoredEvent] = []
        try store.scan(after: position, limit: limit) { rows.append($0) }
        return Batch(events: codec.envelopes(rows, quarantine: quarantine), through: rows.last?.position, count: rows.count)
    }

    /// Every event of the named streams up to `through`, in position order.
    func streams(_ names: [String], through: Int64) throws -> [EventEnvelope] {
        try streams(names, after: 0, through: through)
    }

    /// The events of the named streams after `after` and up to `through`, in position
    /// order: what a state folded through `after` still lacks.
    func streams(_ names: [String], after: Int64, through: Int64) throws -> [EventEnvelope] {
        var rows: [StoredEvent] = []
        try store.scan(streams: names, after: after, through: through) { rows.append($0) }
        return codec.envelopes(rows, quarantine: quarantine)
    }
}

extension EventCodec {
    /// Below this many rows, decoding on the calling thread is cheaper than handing out work.
    static let parallelThreshold = 256
    /// The cores to decode on, asked once and only by a set large enough to share out: the
    /// count is read from the cgroup files, which cost a follower's every small batch more
    /// than decoding it did, and a CLI command's one-event catch-up 0.6 ms.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Decodes rows in order, spreading a large set over the machine's cores: decoding
    /// JSON is most of a rebuild's own work, and each row decodes independently.
    ///
    /// A row that cannot be decoded is recorded in `quarantine` and left out: one bad
    /// event never stops a reader (issue 12).
    func envelopes(_ rows: [StoredEvent], quarantine: QuarantineLog) -> [EventEnvelope] {
        let workers = rows.count < 2 * Self.parallelThreshold ? 1 : min(Self.cores, rows.count / Self.parallelThreshold)
        guard workers > 1 else {
            var envelopes: [EventEnvelope] = []
            envelopes.reserveCapacity(rows.count)
            for row in rows {
                if let envelope = readable(row, quarantine) { envelopes.append(envelope) }
            }
            return envelopes
        }
        let slices = Slots<[EventEnvelope]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = rows.count * worker / workers..<rows.count * (worker + 1) / workers
            var envelopes: [EventEnvelope] = []
            envelopes.reserveCapacity(range.count)
            for index in range {
                if let envelope = readable(rows[index], quarantine) { envelopes.append(envelope) }
            }
            slices[worker] = envelopes
        }
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(rows.count)
        for worker in 0..<workers { envelopes += slices[worker]! }
        return envelopes
    }

    /// The envelope of `row`, or nil after quarantining it.
    private func readable(_ row: StoredEvent, _ quarantine: QuarantineLog) -> EventEnvelope? {
        do {
            return try envelope(row)
        } catch {
            quarantine.record(row, problem: problem(row))
            return nil
        }
    }
}

/// Result slots written from several threads, each slot by exactly one of them.
///
/// `@unchecked Sendable`: `concurrentPerform` gives each iteration its own index, so no
/// two threads touch the same slot, and it returns only after every write.
/// The slots are raw memory rather than an array, so that no write goes through the
/// array's shared header.
private final class Slots<Value>: @unchecked Sendable {
    private let values: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        values = .allocate(capacity: count)
        values.initialize(repeating: nil)
    }

    deinit {
        values.deinitialize()
        values.deallocate()
    }

    subscript(index: Int) -> Value? {
        get { values[index] }
        set { values[index] = newValue }
    }
}

/// Folds the streams a community's read models need, as of a position.
///
/// Compliance and the stipend audit read the program (policy, communities), the
/// community, its leaders' person streams (training, titles) and its students' (the
/// class year: a membership ends at graduation). Only faculty and student person states
/// are kept: they are the only ones the rules read, and a rebuild keeps exactly the same
/// set, so both paths give identical rows.
struct StateLoader {
    let reader: EventReader
    let through: Int64
    /// States kept from earlier batches of the same catch-up (nil: fold from the start).
    var cache: FoldCache?
    /// The batch being folded: every readable event after `after` up to ``through``, in
    /// position order. A kept state folded through `after` or later continues from these
    /// instead of asking the database (a follower's steady state reads no stream at all).
    var recent: (after: Int64, events: [EventEnvelope])?

    init(reader: EventReader, through: Int64, cache: FoldCache? = nil, recent: (after: Int64, events: [EventEnvelope])? = nil) {
        self.reader = reader
        self.through = through
        self.cache = cache
        self.recent = recent
    }

    /// The events of `streams` after `after` up to ``through``: taken from the batch when
    /// it holds them all, else read.
    func events(_ streams: [String], after: Int64) throws -> [EventEnvelope] {
        guard !streams.isEmpty, after < through else { return [] }
        if let recent, after >= recent.after {
            let wanted = Set(streams)
            return recent.events.filter { envelope in
                envelope.position > after && envelope.position <= through && wanted.contains(envelope.stream.rawValue)
            }
        }
        return try reader.streams(streams, after: after, through: through)
    }

    func program() throws -> ProgramState {
        if let cache, let kept = cache.program?.through, kept <= through, var program = cache.program.take()?.state {
            // Taken out of the cache, not copied: evolving then appends to the state's
            // history in place instead of copying all of it at every batch.
            for envelope in try events([Mentoring.StreamName.program.rawValue], after: kept) {
                program.evolve(envelope)
            }
            cache.program = FoldCache.Entry(state: program, through: through)
            return program
        }
        var program = ProgramState()
        for envelope in try reader.streams([Mentoring.StreamName.program.rawValue], through: through) {
            program.evolve(envelope)
        }
        cache?.program = FoldCache.Entry(state: program, through: through)
        return program
    }

    /// The states of `id`'s community stream and of the faculty it names, with `program`.
    func community(_ id: CommunityID, program: ProgramState) throws -> StreamStates {
        var states = StreamStates()
        states.program = program
        let community = try self.community(id)
        states.communities[id] = community
        let named = Set(community.history.flatMap(\.leadersNamed))
        var people: [PersonID: PersonState] = [:]
        // Kept people continue from where they were folded; the others fold from the start.
        var fresh: [PersonID] = []
        var kept: [PersonID: FoldCache.Entry<PersonState>] = [:]
        for person in named {
            if let entry = cache?.people[person], entry.through <= through { kept[person] = entry } else { fresh.append(person) }
        }
        for envelope in try reader.streams(fresh.map { Mentoring.StreamName.person($0).rawValue }.sorted(), through: through) {
            if case .person(let person) = envelope.stream { people[person, default: PersonState()].evolve(envelope) }
        }
        if let since = kept.values.map(\.through).min() {
            for (person, entry) in kept { people[person] = entry.state }
            for envelope in try events(kept.keys.map { Mentoring.StreamName.person($0).rawValue }.sorted(), after: since) {
                guard case .person(let person) = envelope.stream, let entry = kept[person], envelope.position > entry.through else { continue }
                people[person, default: PersonState()].evolve(envelope)
            }
        }
        if let cache {
            cache.reserve(named.count)
            for person in named { cache.people[person] = FoldCache.Entry(state: people[person] ?? PersonState(), through: through) }
        }
        states.people = people.filter { Self.isRead($0.value) }
        return states
    }

    /// The community's own stream, folded.
    func community(_ id: CommunityID) throws -> CommunityState {
        let stream = Mentoring.StreamName.community(id).rawValue
        var community = CommunityState()
        if let cache, let kept = cache.communities[id]?.through, kept <= through {
            // Taken out of the cache, as the program's is (see ``program()``).
            community = cache.communities.removeValue(forKey: id)!.state
            for envelope in try events([stream], after: kept) { community.evolve(envelope) }
        } else {
            for envelope in try reader.streams([stream], through: through) { community.evolve(envelope) }
        }
        if let cache {
            if cache.communities[id] == nil { cache.reserve(1) }
            cache.communities[id] = FoldCache.Entry(state: community, through: through)
        }
        return community
    }

    /// The faculty and students among `named`, picked from states folded elsewhere (a rebuild's).
    static func faculty(_ named: some Sequence<PersonID>, from people: [PersonID: PersonState]) -> [PersonID: PersonState] {
        var picked: [PersonID: PersonState] = [:]
        for id in named { if let state = people[id], isRead(state) { picked[id] = state } }
        return picked
    }

    /// Whether the rules read this person's state: faculty (training, titles) and
    /// students (graduation).
    static func isRead(_ person: PersonState) -> Bool {
        person.role == .faculty || person.role == .student
    }
}
