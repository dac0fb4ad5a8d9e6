public import Logging
public import Postgres

/// The append-only log: appends with expected versions, reads, and verification.
///
/// Knows nothing of mentoring: payloads are opaque JSON. Works over one connection that
/// the caller owns, so that an append can join the caller's transaction (load, decide,
/// append) and so that one thread uses one connection.
public final class EventStore {
    public let connection: Connection
    let logger: Logger

    /// The NOTIFY channel every append signals on, with the new head position as payload.
    public static let notificationChannel = "mcledger_events"

    public init(connection: Connection, logger: Logger? = nil) {
        self.connection = connection
        self.logger = logger ?? connection.logger
    }

    /// The columns of `mcledger.events` in the order ``RecordedEvent/init(row:)`` reads
    /// them, each in the text form the hash chain covers (the dates through schema/010's
    /// functions, so a date moved to BC or to infinity reads as such and breaks the chain).
    static let eventColumns = """
        position, stream, version, event_id, type, schema_version, data, metadata, actor, \
        command_id, correlation_id, mcledger.canonical_date(occurred_on), \
        mcledger.canonical_time(recorded_at), hash, login, \(textsColumn)
        """

    /// ``eventColumns`` without the texts: what the chain covers, for `verify`.
    static let chainColumns = """
        position, stream, version, event_id, type, schema_version, data, metadata, actor, \
        command_id, correlation_id, mcledger.canonical_date(occurred_on), \
        mcledger.canonical_time(recorded_at), hash, login
        """

    /// The free texts of the event a query over `mcledger.events` (unaliased) reads, as a
    /// JSON object (field → text, or its redaction notice), or NULL when the event commits
    /// to none (schema/015). Fetched in the same query; the side table is probed only for
    /// events whose payload or metadata holds a commitment.
    public static let textsColumn = """
        CASE WHEN events.data ? '\(textsKey)' OR events.metadata ? '\(reasonCommitmentKey)' THEN \
        (SELECT jsonb_object_agg(s.field, s.text)::text FROM mcledger.event_texts_shown s WHERE s.event_id = events.event_id) END
        """

    /// The payload member holding an event's commitments to its texts (schema/015).
    static let textsKey = "texts"
    /// The metadata member holding the commitment to the write's reason (schema/015).
    static let reasonCommitmentKey = "reasonSha256"

    /// Runs a store query, mapping PostgreSQL errors to ``EventStoreError``.
    func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw EventStoreError.from(error)
        }
    }
}

extension EventStore {
    /// The columns of `mcledger.events` as they are stored, read in binary format by
    /// ``RecordedEvent/init(binaryRow:)``: the server sends its values without printing
    /// them, and the dates are printed here exactly as the canonical form prints them.
    static let binaryEventColumns = """
        position, stream, version, event_id, type, schema_version, data, metadata, actor, \
        command_id, correlation_id, occurred_on, recorded_at, hash, login
        """
}

extension RecordedEvent {
    /// Reads a row of ``EventStore/binaryEventColumns`` in binary format, and the texts
    /// (``EventStore/textsColumn``) when the query selected them after those.
    init(binaryRow row: some BinaryFields) throws {
        guard let position = row.binaryInt64(0), let stream = row.binaryText(1), let version = row.binaryInt32(2),
              let eventID = row.binaryUUID(3), let type = row.binaryText(4), let schemaVersion = row.binaryInt32(5),
              let data = row.binaryJSONB(6), let metadata = row.binaryJSONB(7), let actor = row.binaryText(8),
              let occurredOn = row.binaryDate(11), let recordedAt = row.binaryTimestamp(12), let hash = row.binaryBytes(13)
        else {
            throw EventStoreError(code: .database, message: "an event row has an unexpected NULL or shape")
        }
        self.init(
            position: position, stream: StreamName(stream), version: Int(version), eventID: eventID,
            type: type, schemaVersion: Int(schemaVersion), data: data, metadata: metadata, actor: actor,
            commandID: row.binaryText(9), correlationID: row.binaryUUID(10), occurredOn: occurredOn,
            recordedAt: recordedAt, hash: hash, login: row.binaryText(14),
            texts: row.columnCount > 15 ? row.binaryText(15) : nil
        )
    }

    init(row: Row) throws {
        guard let position = row.int64(0), let stream = row.string(1), let version = row.int(2),
              let eventID = row.string(3), let type = row.string(4), let schemaVersion = row.int(5),
              let data = row.string(6), let metadata = row.string(7), let actor = row.string(8),
              let occurredOn = row.string(11), let recordedAt = row.string(12), let hash = row.bytea(13)
        else {
            throw EventStoreError(code: .database, message: "an event row has an unexpected NULL or shape")
        }
        self.init(
            position: position, stream: StreamName(stream), version: version, eventID: eventID,
            type: type, schemaVersion: schemaVersion, data: data, metadata: metadata, actor: actor,
            commandID: row.string(9), correlationID: row.string(10), occurredOn: occurredOn,
            recordedAt: recordedAt, hash: hash, login: row.string(14),
            texts: row.columnCount > 15 ? row.string(15) : nil
        )
    }
}
