internal import Postgres

extension EventStore {
    /// Appends many events (an import) through COPY, all or none, in one transaction.
    ///
    /// The events stream to the server with `COPY … FROM STDIN` into a temporary table of
    /// this session (no WAL, memory flat on the client), then one call of `mcledger.append`
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
        let work = { (connection: Connection) throws -> AppendResult in
            try self.run {
                try connection.simpleQuery("""
                    CREATE TEMPORARY TABLE mcledger_staged (
                        ord bigint NOT NULL, stream text NOT NULL, type text NOT NULL,
                        schema_version integer NOT NULL, data jsonb NOT NULL, event_id uuid,
                        metadata jsonb
                    ) ON COMMIT DROP
                    """)
                try connection.copyIn("COPY pg_temp.mcledger_staged FROM STDIN") { writer in
                    for (index, event) in events.enumerated() {
                        try writer.append([
                            String(index), event.stream.rawValue, event.type, String(event.schemaVersion),
                            event.data, event.eventID.map { $0.uuidString.lowercased() }, event.metadata,
                        ])
                        if (index + 1) % 1000 == 0 { progress?(index + 1) }
                    }
                }
                progress?(events.count)
            }
            return try self.appendStaged(expected: expected, metadata: metadata, fingerprintSource: events)
        }
        if connection.transactionState == .idle {
            return try connection.withTransaction(work)
        }
        return try work(connection)
    }

    /// Calls `mcledger.append` with the staged rows gathered into its JSON array.
    private func appendStaged(expected: [StreamName: Int], metadata: AppendMetadata, fingerprintSource: [NewEvent]) throws -> AppendResult {
        let expectedJSON = JSONText.object(
            Dictionary(uniqueKeysWithValues: expected.map { ($0.key.rawValue, String($0.value)) })
        )
        let fingerprint = metadata.commandID == nil
            ? nil
            : (metadata.fingerprint ?? Self.digest("[" + fingerprintSource.map(Self.encode).joined(separator: ",") + "]"))
        do {
            let result = try connection.execute("""
                SELECT position, stream, version, event_id, type, replayed FROM mcledger.append(
                    (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                                'stream', s.stream, 'type', s.type, 'schemaVersion', s.schema_version,
                                'eventId', s.event_id, 'metadata', s.metadata)) || jsonb_build_object('data', s.data)
                            ORDER BY s.ord)
                       FROM pg_temp.mcledger_staged s),
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
