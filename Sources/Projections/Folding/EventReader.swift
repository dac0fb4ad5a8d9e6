internal import Dispatch
internal import EventStore
internal import Foundation
internal import Mentoring
internal import Postgres

/// Reads events for projectors: only the columns they fold, bounded by a position.
///
/// Not `EventStore.readAll`: a projector reads up to the position its batch ends at (so
/// its rows match its checkpoint exactly), reads whole streams for a recomputation, and
/// skips the hash and commit-time columns that folding never needs.
struct EventReader {
    let connection: Connection
    let decoder: EnvelopeDecoder
    /// Where events that cannot be decoded are set aside; they are left out of what is read.
    var quarantine = QuarantineLog()

    static let columns = "position, stream, event_id::text, type, schema_version, data::text, metadata::text, actor, to_char(occurred_on, 'YYYY-MM-DD'), login, \(EventStore.textsColumn)"

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
        try connection.stream("SELECT \(Self.columns) FROM mcledger.events WHERE position > $1 ORDER BY position LIMIT $2", [position, limit]) { row in
            rows.append(try StoredEvent(row))
        }
        return Batch(events: decoder.envelopes(rows, quarantine: quarantine), through: rows.last?.position, count: rows.count)
    }

    /// Every event of the named streams up to `through`, in position order.
    func streams(_ names: [String], through: Int64) throws -> [EventEnvelope] {
        guard !names.isEmpty else { return [] }
        return try read(
            "SELECT \(Self.columns) FROM mcledger.events WHERE stream = ANY($1::text[]) AND position <= $2 ORDER BY position",
            [TextArrayParameter(names), through]
        )
    }

    /// The events of the named streams after `after` and up to `through`, in position
    /// order: what a state folded through `after` still lacks.
    func streams(_ names: [String], after: Int64, through: Int64) throws -> [EventEnvelope] {
        guard !names.isEmpty, after < through else { return [] }
        return try read(
            "SELECT \(Self.columns) FROM mcledger.events WHERE stream = ANY($1::text[]) AND position > $2 AND position <= $3 ORDER BY position",
            [TextArrayParameter(names), after, through]
        )
    }

    /// Runs a query selecting ``columns``, streaming its rows, then decodes them; those
    /// that cannot be decoded are quarantined and left out.
    func read(_ sql: String, _ parameters: [any PostgresEncodable]) throws -> [EventEnvelope] {
        var rows: [StoredEvent] = []
        try connection.stream(sql, parameters) { row in rows.append(try StoredEvent(row)) }
        return decoder.envelopes(rows, quarantine: quarantine)
    }
}

/// One event row as the database returned it (``EventReader/columns``), before decoding:
/// what a decoding thread needs, with nothing of libpq's.
struct StoredEvent: Sendable {
    var position: Int64
    var stream: String
    var eventID: String
    var type: String
    var schemaVersion: Int
    var data: String
    var metadata: String
    var actor: String
    var occurredOn: String
    /// Nil for events appended before schema/011 recorded logins.
    var login: String?
    /// The free texts beside the log (schema/015), a JSON object; nil when none.
    var texts: String?

    init(_ row: Row) throws(ProjectionError) {
        guard let position = row.int64(0), let stream = row.string(1), let eventID = row.string(2),
              let type = row.string(3), let version = row.int(4), let data = row.string(5),
              let metadata = row.string(6), let actor = row.string(7), let occurredOn = row.string(8)
        else {
            throw ProjectionError(code: .unreadableEvent, message: "an event row has an unexpected NULL")
        }
        (self.position, self.stream, self.eventID, self.type, self.schemaVersion) = (position, stream, eventID, type, version)
        (self.data, self.metadata, self.actor, self.occurredOn) = (data, metadata, actor, occurredOn)
        login = row.string(9)
        texts = row.string(10)
    }
}

extension EnvelopeDecoder {
    /// Below this many rows, decoding on the calling thread is cheaper than handing out work.
    static let parallelThreshold = 256

    /// Decodes rows in order, spreading a large set over the machine's cores: decoding
    /// JSON is most of a rebuild's own work, and each row decodes independently.
    ///
    /// A row that cannot be decoded is recorded in `quarantine` and left out: one bad
    /// event never stops a reader (issue 12).
    func envelopes(_ rows: [StoredEvent], quarantine: QuarantineLog) -> [EventEnvelope] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, rows.count / Self.parallelThreshold)
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
