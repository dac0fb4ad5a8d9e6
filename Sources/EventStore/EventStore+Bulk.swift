internal import Postgres

extension EventStore {
    /// Appends many events (an import) through COPY, all or none, in one transaction.
    ///
    /// The events stream to the server with `COPY … FROM STDIN` into a temporary table of
    /// this session (no WAL; each as its element of the append's JSON array), then one call of `mcledger.append`
    /// chains and stores them exactly as ``append(_:expecting:metadata:)`` would: the same
    /// expected-version checks, the same command-id idempotency, one hash chain. The
    /// temporary table is dropped at commit. Joins the caller's transaction if one is open.
    ///
    /// - Parameter progress: called with the number of events sent so far, every 1,000.
    @discardableResult
    public func appendBulk(
        _ events: [NewEvent],
        expecting expected: [StreamName: Int] = [:],
        metadata: AppendMetadata,
        progress: ((Int) -> Void)? = nil
    ) throws -> AppendResult {
        guard !events.isEmpty else {
            throw EventStoreError(code: .invalidInput, message: "nothing to append: the list of events is empty")
        }
        var metadata = metadata
        if metadata.commandID != nil, metadata.fingerprint == nil {
            metadata.fingerprint = Self.digest("[" + events.map(Self.encode).joined(separator: ",") + "]")
        }
        let work = { [metadata] (connection: Connection) throws -> AppendResult in
            let bulk = try self.beginBulk()
            try bulk.stage(events, progress: progress)
            return try bulk.finish(expecting: expected, metadata: metadata)
        }
        guard connection.transactionState == .idle else {
            return try work(connection)
        }
        do {
            return try connection.withTransaction(work)
        } catch let error as PostgresError {
            // BEGIN or COMMIT (the rest maps its own errors): a connection lost at COMMIT
            // leaves the append in or out, which only a look with the command id can tell.
            throw EventStoreError.from(error, duringAppend: true, commandID: metadata.commandID)
        }
    }

    /// Starts an append of many events sent in parts: each ``BulkAppend/stage(_:progress:)``
    /// streams a part to the server, and ``BulkAppend/finish(expecting:metadata:)`` appends
    /// them all with one call of `mcledger.append`, as ``appendBulk(_:expecting:metadata:progress:)``
    /// does. (An import takes the faster chained path, ``beginChained(metadata:)``.)
    ///
    /// Must run inside a transaction (the staging table is dropped at its commit).
    public func beginBulk() throws -> BulkAppend {
        guard connection.transactionState != .idle else {
            throw EventStoreError(code: .invalidInput, message: "a bulk append runs inside a transaction; open one first")
        }
        try run {
            try connection.simpleQuery("""
                CREATE TEMPORARY TABLE mcledger_staged (ord bigint NOT NULL, event jsonb NOT NULL) ON COMMIT DROP
                """)
        }
        return BulkAppend(store: self)
    }

    /// Calls `mcledger.append` with the staged rows gathered into its JSON array.
    fileprivate func appendStaged(expected: [StreamName: Int], metadata: AppendMetadata, fingerprint: String?) throws -> AppendResult {
        let expectedJSON = JSONText.object(
            Dictionary(uniqueKeysWithValues: expected.map { ($0.key.rawValue, String($0.value)) })
        )
        do {
            let result = try connection.execute("""
                SELECT position, stream, version, event_id, type, replayed FROM mcledger.append(
                    (SELECT jsonb_agg(s.event ORDER BY s.ord) FROM pg_temp.mcledger_staged s),
                    $1::jsonb, $2, $3, $4, $5::uuid, $6::date, $7::jsonb)
                """,
                [expectedJSON, metadata.commandID, fingerprint, metadata.actor, metadata.correlationID, metadata.occurredOn, metadata.extra]
            )
            return try Self.appendResult(result)
        } catch let error as PostgresError {
            throw EventStoreError.from(error, duringAppend: true, commandID: metadata.commandID)
        }
    }
}

/// An append of many events in parts (see ``EventStore/beginBulk()``): nothing is in the
/// log until ``finish(expecting:metadata:)``, and nothing at all if the transaction rolls back.
public final class BulkAppend {
    let store: EventStore
    /// How many events were staged so far.
    public private(set) var count = 0

    init(store: EventStore) {
        self.store = store
    }

    /// Streams `events` to the server's staging table, after those staged before.
    ///
    /// - Parameter progress: called with the number of events staged so far, every 1,000.
    public func stage(_ events: [NewEvent], progress: ((Int) -> Void)? = nil) throws {
        guard !events.isEmpty else { return }
        var ord = count
        try store.run {
            try store.connection.copyIn("COPY pg_temp.mcledger_staged FROM STDIN") { writer in
                for event in events {
                    try writer.append([String(ord), Self.element(event)])
                    ord += 1
                    if ord % 1000 == 0 { progress?(ord) }
                }
            }
        }
        count = ord
        progress?(count)
    }

    /// The event as an element of `mcledger.append`'s array, built here: the server only
    /// parses it, where building it from columns cost a jsonb object and two copies of the
    /// payload per event.
    static func element(_ event: NewEvent) -> String {
        var text = #"{"stream":"# + JSONText.quote(event.stream.rawValue) + #","type":"# + JSONText.quote(event.type)
            + #","schemaVersion":"# + String(event.schemaVersion) + #","data":"# + event.data
        if let id = event.eventID { text += #","eventId":""# + id.uuidString.lowercased() + "\"" }
        if let metadata = event.metadata { text += #","metadata":"# + metadata }
        return text + "}"
    }

    /// Appends every staged event with one call of `mcledger.append`: the chain, the
    /// expected versions and the command id are checked there, as for any append.
    ///
    /// - Parameter metadata: with a command id, also its fingerprint (the events were
    ///   not kept to digest them).
    public func finish(expecting expected: [StreamName: Int], metadata: AppendMetadata) throws -> AppendResult {
        guard count > 0 else {
            throw EventStoreError(code: .invalidInput, message: "nothing to append: the list of events is empty")
        }
        guard metadata.commandID == nil || metadata.fingerprint != nil else {
            throw EventStoreError(code: .invalidInput, message: "a bulk append under a command id needs the command's fingerprint")
        }
        return try store.appendStaged(expected: expected, metadata: metadata, fingerprint: metadata.commandID == nil ? nil : metadata.fingerprint)
    }
}
