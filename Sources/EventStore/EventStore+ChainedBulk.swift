internal import Foundation
internal import Postgres

extension EventStore {
    /// Starts an append of many events that this client numbers and chains itself, and
    /// the server checks whole (schema/016): the fast path of an import.
    ///
    /// Reads the head and the server's clock now, so the events are numbered from the
    /// head as this transaction sees it; an append by anyone else before
    /// ``ChainedBulk/finish(expecting:)`` moves the head, and the finish is then refused
    /// as a concurrency conflict (decide again). Must run inside a transaction.
    public func beginChained(metadata: AppendMetadata) throws -> ChainedBulk {
        guard connection.transactionState != .idle else {
            throw EventStoreError(code: .invalidInput, message: "a bulk append runs inside a transaction; open one first")
        }
        guard metadata.commandID == nil || metadata.fingerprint != nil else {
            throw EventStoreError(code: .invalidInput, message: "a bulk append under a command id needs the command's fingerprint")
        }
        return try run {
            let row = try connection.execute("""
                SELECT h.position, h.hash, session_user::text,
                       to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                  FROM mcledger.ledger_head h, clock_timestamp() t WHERE h.ledger = 1
                """).first
            guard let row, let position = row.int64(0), let hash = row.bytea(1), let login = row.string(2), let now = row.string(3) else {
                throw EventStoreError(code: .database, message: "the ledger has no head row; run `mcledger db migrate`")
            }
            // The session has no JIT (`Connection.sessionOptions`): a bulk append's
            // statements (each chunk's read of thousands of streams, append_bulk over every
            // row) are estimated far above jit_above_cost, and compiling them cost more than
            // running them (a 100,000-row roster's chunk read: 0.5–1.1 s with JIT, 0.1 s without).
            try connection.simpleQuery("""
                CREATE TEMPORARY TABLE mcledger_chained (LIKE mcledger.bulk_event) ON COMMIT DROP
                """)
            return try ChainedBulk(store: self, head: position, hash: hash, login: login, recordedAt: now, metadata: metadata)
        }
    }
}

/// An append of many events numbered and chained by this client (see
/// ``EventStore/beginChained(metadata:)``): nothing is in the log until
/// ``finish(expecting:)``, and nothing at all if the transaction rolls back.
///
/// Holds what the chain needs to go on (the last hash, the next version of each stream
/// it appended to), never the events sent.
public final class ChainedBulk {
    let store: EventStore
    let metadata: AppendMetadata
    /// The metadata every event carries: the write's extra keys, then the login.
    let sharedMetadata: String
    /// The database login the server will check each event's metadata against.
    public let login: String
    /// UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`: the server's clock when the append began.
    public let recordedAt: String
    let actor: String
    /// The head the events follow.
    let headPosition: Int64
    private var previous: [UInt8]
    private var nextVersions: [StreamName: Int] = [:]
    /// How many events were sent so far.
    public private(set) var count = 0

    init(store: EventStore, head: Int64, hash: [UInt8], login: String, recordedAt: String, metadata: AppendMetadata) throws {
        self.store = store
        self.headPosition = head
        self.previous = hash
        self.login = login
        self.recordedAt = recordedAt
        self.metadata = metadata
        self.actor = metadata.actor.isEmpty ? login : metadata.actor
        guard let shared = JSONBText.merge([metadata.extra.isEmpty ? "{}" : metadata.extra, #"{"login":"# + JSONText.quote(login) + "}"]) else {
            throw EventStoreError(code: .invalidInput, message: "the write's metadata must be a JSON object")
        }
        self.sharedMetadata = shared
    }

    /// The position the next event sent will have.
    public var nextPosition: Int64 { headPosition + Int64(count) + 1 }

    /// Numbers, chains and streams `events` to the server, after those sent before.
    ///
    /// Each event's row is built as the COPY goes out, so the server parses the first rows
    /// while later ones are chained here, and a chunk's rows are never held whole.
    ///
    /// - Parameter version: the current version of a stream not appended to yet in this
    ///   append (the version the decision read, which the finish expects).
    /// - Returns: each event as it will be in the log.
    @discardableResult
    public func send(_ events: [NewEvent], version: (StreamName) -> Int) throws -> [AppendedEvent] {
        guard !events.isEmpty else { return [] }
        var sent: [AppendedEvent] = []
        sent.reserveCapacity(events.count)
        // What the chain goes on from, kept only once every row is sent: a failed send
        // leaves this append where it was.
        var position = nextPosition
        var hash = previous
        var versions = nextVersions
        try store.run {
            _ = try store.connection.copyIn("COPY pg_temp.mcledger_chained FROM STDIN") { writer in
                for event in events {
                    let streamVersion = (versions[event.stream] ?? version(event.stream)) + 1
                    versions[event.stream] = streamVersion
                    guard let data = JSONBText.normalize(event.data),
                          let eventMetadata = event.metadata.map({ extra in JSONBText.merge([sharedMetadata, extra, #"{"login":"# + JSONText.quote(login) + "}"]) }) ?? sharedMetadata
                    else {
                        throw EventStoreError(code: .invalidInput, message: "the \(event.type) event's data or metadata is not JSON; nothing was written")
                    }
                    let eventID = (event.eventID ?? UUID()).uuidString.lowercased()
                    let recorded = RecordedEvent(
                        position: position, stream: event.stream, version: streamVersion, eventID: eventID, type: event.type,
                        schemaVersion: event.schemaVersion, data: data, metadata: eventMetadata, actor: actor,
                        commandID: metadata.commandID, correlationID: metadata.correlationID?.uuidString.lowercased(),
                        occurredOn: metadata.occurredOn, recordedAt: recordedAt, hash: []
                    )
                    hash = CanonicalForm.chainHash(previous: hash, event: recorded)
                    try writer.append([
                        String(position), event.stream.rawValue, String(streamVersion), eventID, event.type,
                        String(event.schemaVersion), data, eventMetadata, "\\x" + Hex.encode(hash),
                    ])
                    sent.append(AppendedEvent(position: position, stream: event.stream, version: streamVersion, eventID: eventID, type: event.type))
                    position += 1
                }
            }
        }
        nextVersions = versions
        previous = hash
        count += events.count
        return sent
    }

    /// Appends every event sent with one call of `mcledger.append_bulk`, which takes the
    /// ledger lock, checks the command id and `expected` as any append does, and
    /// recomputes every hash before it writes anything.
    ///
    /// - Returns: the positions appended, or for a repeated command id those it first
    ///   appended (`replayed`).
    public func finish(expecting expected: [StreamName: Int]) throws -> BulkAppendResult {
        guard count > 0 else {
            throw EventStoreError(code: .invalidInput, message: "nothing to append: the list of events is empty")
        }
        let expectedJSON = JSONText.object(
            Dictionary(uniqueKeysWithValues: expected.map { ($0.key.rawValue, String($0.value)) })
        )
        do {
            let row = try store.connection.execute("""
                SELECT first_position, last_position, events, replayed FROM mcledger.append_bulk(
                    ARRAY(SELECT ROW(c.*)::mcledger.bulk_event FROM pg_temp.mcledger_chained c ORDER BY c.position),
                    $1::jsonb, $2, $3, $4, $5::uuid, $6::date, $7::timestamptz)
                """,
                [expectedJSON, metadata.commandID, metadata.commandID == nil ? nil : metadata.fingerprint, metadata.actor,
                 metadata.correlationID, metadata.occurredOn, recordedAt]
            ).first
            guard let row, let first = row.int64(0), let last = row.int64(1), let events = row.int(2) else {
                throw EventStoreError(code: .database, message: "mcledger.append_bulk returned an unexpected row")
            }
            return BulkAppendResult(firstPosition: first, lastPosition: last, count: events, replayed: row.bool(3) ?? false)
        } catch let error as PostgresError {
            throw EventStoreError.from(error, duringAppend: true, commandID: metadata.commandID)
        }
    }
}

/// What a bulk append wrote: a range of positions, not each event, so an import of any
/// size returns in constant memory.
public struct BulkAppendResult: Sendable, Hashable {
    public var firstPosition: Int64
    public var lastPosition: Int64
    public var count: Int
    /// True when the command id had been seen: the range is the first append's.
    public var replayed: Bool

    public init(firstPosition: Int64, lastPosition: Int64, count: Int, replayed: Bool) {
        self.firstPosition = firstPosition
        self.lastPosition = lastPosition
        self.count = count
        self.replayed = replayed
    }
}
