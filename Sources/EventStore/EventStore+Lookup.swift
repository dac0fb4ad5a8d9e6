public import Foundation
internal import Postgres

extension EventStore {
    /// Several streams read in one round trip, each in version order.
    ///
    /// A decision that reads the program, a community and a person asks once, not three
    /// times. Streams with no events come back empty at version 0.
    public func read(streams: [StreamName]) throws -> [StreamName: StreamSlice] {
        let unique = Array(Set(streams))
        var slices = Dictionary(uniqueKeysWithValues: unique.map { ($0, StreamSlice(stream: $0, events: [], version: 0)) })
        guard !unique.isEmpty else { return slices }
        try run {
            let result = try connection.execute(
                "SELECT \(Self.eventColumns) FROM mcledger.events WHERE stream = ANY($1::text[]) ORDER BY stream, version",
                [TextArrayParameter(unique.map(\.rawValue))]
            )
            for row in result {
                let event = try RecordedEvent(row: row)
                slices[event.stream]?.events.append(event)
                slices[event.stream]?.version = event.version
            }
        }
        return slices
    }

    /// Every event of the given types, in position order (a purge looks for
    /// registrations and erasures this way instead of reading the whole log).
    public func events(types: [String]) throws -> [RecordedEvent] {
        guard !types.isEmpty else { return [] }
        return try run {
            try connection.execute(
                "SELECT \(Self.eventColumns) FROM mcledger.events WHERE type = ANY($1::text[]) ORDER BY position",
                [TextArrayParameter(types)]
            ).map(RecordedEvent.init(row:))
        }
    }

    /// The event with this id, or nil when the ledger has none.
    public func event(id: UUID) throws -> RecordedEvent? {
        try run {
            try connection.execute(
                "SELECT \(Self.eventColumns) FROM mcledger.events WHERE event_id = $1::uuid", [id]
            ).first.map(RecordedEvent.init(row:))
        }
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
