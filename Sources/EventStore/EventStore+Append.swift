public import Foundation
internal import Crypto
internal import Postgres

extension EventStore {
    /// Appends `events` in one call of `mcledger.append` (one round trip, one transaction
    /// unless the caller has one open).
    ///
    /// Every stream in `expecting` must be at exactly that version (0: must not exist yet),
    /// or nothing is written and a `.concurrencyConflict` error says which stream moved.
    /// A command id seen before returns the first outcome with `replayed == true`.
    /// Deadlocks and serialization failures are retried under the same command id when no
    /// transaction of the caller's is open.
    ///
    /// - Throws: ``EventStoreError`` with codes `.concurrencyConflict`, `.commandIDReused`,
    ///   `.invalidInput`, `.unavailable`, `.outcomeUnknown` (the connection broke: retry
    ///   with the same command id) or `.database`.
    @discardableResult
    public func append(
        _ events: [NewEvent],
        expecting expected: [StreamName: Int] = [:],
        metadata: AppendMetadata
    ) throws -> AppendResult {
        guard !events.isEmpty else {
            throw EventStoreError(code: .invalidInput, message: "nothing to append: the list of events is empty")
        }
        let eventsJSON = "[" + events.map(Self.encode).joined(separator: ",") + "]"
        let expectedJSON = JSONText.object(
            Dictionary(uniqueKeysWithValues: expected.map { ($0.key.rawValue, String($0.value)) })
        )
        let fingerprint = metadata.commandID == nil
            ? nil : (metadata.fingerprint ?? Self.digest(eventsJSON))
        let parameters: [any PostgresEncodable] = [
            eventsJSON, expectedJSON, metadata.commandID, fingerprint, metadata.actor,
            metadata.correlationID, metadata.occurredOn, metadata.extra,
        ]
        let canRetry = connection.transactionState == .idle
        var attempt = 1
        while true {
            do {
                let result = try connection.execute(
                    "SELECT position, stream, version, event_id, type, replayed FROM mcledger.append($1::jsonb, $2::jsonb, $3, $4, $5, $6::uuid, $7::date, $8::jsonb)",
                    parameters
                )
                return try Self.appendResult(result)
            } catch let error as PostgresError {
                let transient = error.code == .deadlockDetected || error.code == .serializationFailure
                if transient && canRetry && attempt < 5 {
                    logger.info("append retried after a transient failure", metadata: ["sqlstate": "\(error.code?.rawValue ?? "")", "attempt": "\(attempt)"])
                    attempt += 1
                    continue
                }
                throw EventStoreError.from(error, duringAppend: true, commandID: metadata.commandID)
            }
        }
    }

    /// Appends to a single stream that must be at `expectedVersion` (nil: any version).
    @discardableResult
    public func append(
        _ events: [NewEvent],
        to stream: StreamName,
        expecting expectedVersion: Int?,
        metadata: AppendMetadata
    ) throws -> AppendResult {
        let routed = events.map { event in
            var copy = event
            copy.stream = stream
            return copy
        }
        return try append(routed, expecting: expectedVersion.map { [stream: $0] } ?? [:], metadata: metadata)
    }

    static func encode(_ event: NewEvent) -> String {
        var fields: [String: String] = [
            "stream": JSONText.quote(event.stream.rawValue),
            "type": JSONText.quote(event.type),
            "schemaVersion": String(event.schemaVersion),
            "data": event.data,
        ]
        if let id = event.eventID { fields["eventId"] = JSONText.quote(id.uuidString.lowercased()) }
        if let metadata = event.metadata { fields["metadata"] = metadata }
        return JSONText.object(fields)
    }

    static func digest(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }

    static func appendResult(_ result: QueryResult) throws -> AppendResult {
        var events: [AppendedEvent] = []
        var replayed = false
        for row in result {
            guard let position = row.int64(0), let stream = row.string(1), let version = row.int(2),
                  let id = row.string(3), let type = row.string(4)
            else {
                throw EventStoreError(code: .database, message: "mcledger.append returned an unexpected row")
            }
            replayed = row.bool(5) ?? false
            events.append(AppendedEvent(position: position, stream: StreamName(stream), version: version, eventID: id, type: type))
        }
        return AppendResult(events: events, replayed: replayed)
    }
}

/// What a command reads before it appends: the streams its decision folds, and the outcome
/// of a command id seen before. Beside the append because the write path uses them together.
extension EventStore {
    /// Several streams read in one round trip, each in version order.
    ///
    /// A decision that reads the program, a community and a person asks once, not three
    /// times. Streams with no events come back empty at version 0.
    public func read(streams: [StreamName]) throws -> [StreamName: StreamSlice] {
        let unique = Array(Set(streams))
        var slices = Dictionary(uniqueKeysWithValues: unique.map { ($0, StreamSlice(stream: $0, events: [], version: 0)) })
        guard !unique.isEmpty else { return slices }
        for event in try events(where: "stream = ANY($1::text[]) ORDER BY stream, version", [TextArrayParameter(unique.map(\.rawValue))]) {
            slices[event.stream]?.events.append(event)
            slices[event.stream]?.version = event.version
        }
        return slices
    }

    /// What was appended to each stream after the version given for it, in version order,
    /// and the stream's version now, in one round trip: a command's read of streams it
    /// folded up to those versions before (an attempt before a concurrency conflict). A
    /// stream nobody moved comes back with no events at the version given; a version of 0
    /// reads the whole stream.
    ///
    /// The log is append-only and each stream's versions run 1, 2, 3…, so the events
    /// after a version are exactly what a fold up to it lacks.
    public func read(after versions: [StreamName: Int]) throws -> [StreamName: StreamSlice] {
        var slices = Dictionary(uniqueKeysWithValues: versions.map { stream, version in
            (stream, StreamSlice(stream: stream, events: [], version: max(0, version)))
        })
        guard !versions.isEmpty else { return slices }
        let streams = Array(versions.keys)
        for event in try events(
            from: "unnest($1::text[], $2::integer[]) AS w(s, v) JOIN mcledger.events ON events.stream = w.s AND events.version > w.v",
            where: "true ORDER BY events.stream, events.version",
            [TextArrayParameter(streams.map(\.rawValue)), TextArrayParameter(streams.map { String(max(0, versions[$0] ?? 0)) })]
        ) {
            slices[event.stream]?.events.append(event)
            slices[event.stream]?.version = event.version
        }
        return slices
    }

    /// What a command id already appended, checked before deciding, so a retried command
    /// prints its first outcome without reading or deciding anything.
    ///
    /// Command ids belong to the login that used them first (schema/011): another
    /// login's id is no answer here, so no login can pre-claim another's. Ids from before
    /// that migration belong to no login and answer any.
    ///
    /// - Returns: the first append's events (`replayed == true`), or nil when the id is new.
    /// - Throws: `.commandIDReused` when the id was used for a command with another
    ///   fingerprint.
    public func outcome(ofCommand commandID: String, fingerprint: String) throws -> AppendResult? {
        guard let range = try range(ofCommand: commandID, fingerprint: fingerprint) else { return nil }
        return try run {
            let events = try connection.execute(
                "SELECT position, stream, version, event_id, type FROM mcledger.events WHERE position BETWEEN $1 AND $2 ORDER BY position",
                [range.firstPosition, range.lastPosition]
            ).map { row in
                AppendedEvent(position: row.int64(0)!, stream: StreamName(row.string(1)!), version: row.int(2)!, eventID: row.string(3)!, type: row.string(4)!)
            }
            return AppendResult(events: events, replayed: true)
        }
    }

    /// The positions `commandID` first appended, nil when the id is new: what an import
    /// answers a repeated command id with, without reading each event.
    ///
    /// - Throws: `.commandIDReused` when the id stands for another command.
    public func range(ofCommand commandID: String, fingerprint: String) throws -> BulkAppendResult? {
        try run {
            let recorded = try connection.execute(
                """
                SELECT fingerprint, first_position, last_position FROM mcledger.commands
                 WHERE command_id = $1 AND login IN (session_user, '') ORDER BY login DESC LIMIT 1
                """, [commandID]
            ).first
            guard let recorded, let first = recorded.int64(1), let last = recorded.int64(2) else { return nil }
            guard recorded.string(0) == fingerprint else {
                throw EventStoreError(
                    code: .commandIDReused,
                    message: "command id \(commandID) reused with a different command", advice: .newCommandID
                )
            }
            return BulkAppendResult(firstPosition: first, lastPosition: last, count: Int(last - first + 1), replayed: true)
        }
    }
}
