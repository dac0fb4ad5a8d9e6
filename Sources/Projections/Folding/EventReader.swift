internal import Dispatch
internal import EventStore
internal import Foundation
internal import Mentoring
internal import Postgres

/// Reads events for projectors through ``EventStore``'s folding reads and decodes them.
///
/// Not `EventStore.readAll`: a projector reads up to the position its batch ends at (so
/// its rows match its checkpoint exactly), reads whole streams for a recomputation, and
/// skips the hash and commit-time columns that folding never needs.
struct EventReader {
    let store: EventStore
    let decoder: EnvelopeDecoder
    /// Where events that cannot be decoded are set aside; they are left out of what is read.
    var quarantine = QuarantineLog()

    init(connection: Connection, decoder: EnvelopeDecoder, quarantine: QuarantineLog = QuarantineLog()) {
        self.store = EventStore(connection: connection)
        self.decoder = decoder
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
        return Batch(events: decoder.envelopes(rows, quarantine: quarantine), through: rows.last?.position, count: rows.count)
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
        return decoder.envelopes(rows, quarantine: quarantine)
    }
}

extension EnvelopeDecoder {
    /// Below this many rows, decoding on the calling thread is cheaper than handing out work.
    static let parallelThreshold = 256
    /// The cores to decode on, asked once: the count is read from the cgroup files, which
    /// cost a follower's every small batch more than decoding it did.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Decodes rows in order, spreading a large set over the machine's cores: decoding
    /// JSON is most of a rebuild's own work, and each row decodes independently.
    ///
    /// A row that cannot be decoded is recorded in `quarantine` and left out: one bad
    /// event never stops a reader (issue 12).
    func envelopes(_ rows: [StoredEvent], quarantine: QuarantineLog) -> [EventEnvelope] {
        let workers = min(Self.cores, rows.count / Self.parallelThreshold)
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

    func envelope(_ row: StoredEvent) throws(ProjectionError) -> EventEnvelope {
        try envelope(
            position: row.position, stream: row.stream, eventID: row.eventID, type: row.type, schemaVersion: row.schemaVersion,
            data: row.data, metadata: row.metadata, actor: row.actor, login: row.login, occurredOn: row.occurredOn, texts: row.texts
        )
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
