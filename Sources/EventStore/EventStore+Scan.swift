public import Foundation
internal import Postgres

/// An event as a reader that folds it needs it: no hash and no commit time, the date in
/// plain `YYYY-MM-DD`. What projections, reports and state loaders read.
public struct StoredEvent: Sendable {
    public var position: Int64
    public var stream: String
    public var version: Int
    public var eventID: String
    public var type: String
    public var schemaVersion: Int
    public var data: String
    public var metadata: String
    public var actor: String
    public var occurredOn: String
    /// Nil for events appended before schema/011 recorded logins.
    public var login: String?
    /// The free texts beside the log (schema/015), a JSON object; nil when none.
    public var texts: String?

    public init(
        position: Int64, stream: String, version: Int, eventID: String, type: String, schemaVersion: Int,
        data: String, metadata: String, actor: String, occurredOn: String, login: String?, texts: String? = nil
    ) {
        (self.position, self.stream, self.version, self.eventID, self.type) = (position, stream, version, eventID, type)
        (self.schemaVersion, self.data, self.metadata, self.actor, self.occurredOn, self.login) = (schemaVersion, data, metadata, actor, occurredOn, login)
        self.texts = texts
    }

    /// Reads a row of ``EventStore/storedColumns`` in binary format (the date as
    /// `to_char(occurred_on, 'YYYY-MM-DD')` prints it).
    init(row: some BinaryFields) throws(EventStoreError) {
        guard let position = row.binaryInt64(0), let stream = row.binaryText(1), let eventID = row.binaryUUID(2),
              let type = row.binaryText(3), let schemaVersion = row.binaryInt32(4).map(Int.init), let data = row.binaryJSONB(5),
              let metadata = row.binaryJSONB(6), let actor = row.binaryText(7), let occurredOn = row.binaryDate(8, plain: true),
              let version = row.binaryInt32(10).map(Int.init)
        else {
            throw EventStoreError(code: .database, message: "an event row has an unexpected NULL or shape")
        }
        self.init(
            position: position, stream: stream, version: version, eventID: eventID, type: type, schemaVersion: schemaVersion,
            data: data, metadata: metadata, actor: actor, occurredOn: occurredOn, login: row.binaryText(9),
            texts: row.binaryText(11)  // nil when the COPY left the texts out
        )
    }
}

/// The reads of the log that folding readers make: bounded by a position (so a reader's
/// rows match its checkpoint exactly) and in pages a caller sizes.
///
/// Unlike the other reads these do not map a ``PostgresError`` to an ``EventStoreError``:
/// their callers (the projection runner) tell a missing schema or a cancellation apart
/// by the SQLSTATE themselves.
extension EventStore {
    /// The columns ``StoredEvent/init(row:)`` reads.
    /// Read in binary format: the server sends the stored values without printing them.
    static let storedColumns = "\(leanStoredColumns), \(textsColumn)"
    /// ``storedColumns`` without the texts.
    static let leanStoredColumns = "position, stream, event_id, type, schema_version, data, metadata, actor, occurred_on, login, version"

    /// At most `limit` events after `position`, in position order.
    ///
    /// Read lean, as a command's stream read is (issue 16): the write path's catch-up runs
    /// in a fresh session, where planning the texts subquery costs more than reading a
    /// few events, so the COPY leaves it out and the events that may commit to a text get
    /// theirs in a second statement (``texts(at:)``) before any is handed on.
    @discardableResult
    public func scan(after position: Int64, limit: Int, _ body: (StoredEvent) throws -> Void) throws -> Int {
        var events: [StoredEvent] = []
        try copyStored("WHERE position > \(position) ORDER BY position LIMIT \(limit)", columns: Self.leanStoredColumns) { events.append($0) }
        try attachTexts(to: &events)
        for event in events { try body(event) }
        return events.count
    }

    /// Every event of the named streams after `after` and up to `through`, in position order.
    @discardableResult
    public func scan(streams: [String], after: Int64 = 0, through: Int64, _ body: (StoredEvent) throws -> Void) throws -> Int {
        guard !streams.isEmpty, after < through else { return 0 }
        let names = try connection.literal(TextArrayParameter(streams))
        return try copyStored("WHERE stream = ANY(\(names)::text[]) AND position > \(after) AND position <= \(through) ORDER BY position", body)
    }

    /// Every event of the named streams up to `through`, one stream after another in
    /// version order: the (stream, version) index gives them, however long the log
    /// (in position order the planner may walk the whole log for a few thousand names).
    @discardableResult
    public func scanStreamByStream(_ streams: [String], through: Int64, _ body: (StoredEvent) throws -> Void) throws -> Int {
        guard !streams.isEmpty else { return 0 }
        let names = try connection.literal(TextArrayParameter(streams))
        return try copyStored("WHERE stream = ANY(\(names)::text[]) AND position <= \(through) ORDER BY stream, version", body)
    }

    /// At most `limit` events of the streams whose names start with `prefix`, after
    /// `after` and up to `through`, in position order.
    @discardableResult
    public func scan(streamsPrefixed prefix: String, after: Int64, through: Int64, limit: Int, _ body: (StoredEvent) throws -> Void) throws -> Int {
        let pattern = try connection.literal(prefix + "%")
        return try copyStored("WHERE stream LIKE \(pattern) AND position > \(after) AND position <= \(through) ORDER BY position LIMIT \(limit)", body)
    }

    /// At most `limit` events of the streams whose names start with `prefix`, up to
    /// `through`, one stream after another in version order, after the key (`stream`,
    /// `version`) (pass `("", 0)` to start): the (stream, version) index gives them.
    @discardableResult
    public func scanStreamByStream(
        prefixed prefix: String, after key: (stream: String, version: Int), through: Int64, limit: Int, _ body: (StoredEvent) throws -> Void
    ) throws -> Int {
        let pattern = try connection.literal(prefix + "%")
        let stream = try connection.literal(key.stream)
        return try copyStored(
            "WHERE stream LIKE \(pattern) AND position <= \(through) AND (stream, version) > (\(stream), \(key.version)) ORDER BY stream, version LIMIT \(limit)", body
        )
    }

    /// Every event up to `through` of streams neither named in `names` nor starting with
    /// one of `prefixes`, in position order (the events no reader expects).
    @discardableResult
    public func scan(
        excludingStreams names: [String], prefixes: [String], through: Int64, _ body: (StoredEvent) throws -> Void
    ) throws -> Int {
        let excluded = try connection.literal(TextArrayParameter(names))
        let patterns = try connection.literal(TextArrayParameter(prefixes.map { prefix in prefix + "%" }))
        return try copyStored(
            "WHERE position <= \(through) AND stream <> ALL(\(excluded)::text[]) AND NOT stream LIKE ANY(\(patterns)::text[]) ORDER BY position", body
        )
    }

    /// The events `clauses` (WHERE, ORDER BY, LIMIT, values put in with
    /// ``Connection/literal(_:)``) pick, as a binary COPY: one statement, no result object
    /// per row (see ``readAll(after:limit:_:)``).
    private func copyStored(_ clauses: String, columns: String = storedColumns, _ body: (StoredEvent) throws -> Void) throws -> Int {
        try connection.copyOut("COPY (SELECT \(columns) FROM mcledger.events \(clauses)) TO STDOUT (FORMAT binary)") { tuple in
            try body(try StoredEvent(row: tuple))
        }
    }

    /// The newest `occurred_on` of the events up to `through` (`YYYY-MM-DD`), nil for none.
    public func latestOccurredOn(through: Int64) throws -> String? {
        try connection.execute(
            "SELECT to_char(max(occurred_on), 'YYYY-MM-DD') FROM mcledger.events WHERE position <= $1", [through]
        ).first?.string(0)
    }
}

extension EventStore {
    /// How many events after `after` and up to `through` are on none of `streams`, and the
    /// last of their positions (0 when none).
    public func count(after: Int64, through: Int64, excludingStreams streams: [String]) throws -> (events: Int64, last: Int64) {
        try run {
            let row = try connection.execute(
                "SELECT count(*), coalesce(max(position), 0) FROM mcledger.events WHERE position > $1 AND position <= $2 AND stream <> ALL($3::text[])",
                [after, through, TextArrayParameter(streams)]
            ).first
            return (row?.int64(0) ?? 0, row?.int64(1) ?? 0)
        }
    }

    /// The last position up to `through` whose event is on none of `streams` (0: none).
    public func lastPosition(through: Int64, excludingStreams streams: [String]) throws -> Int64 {
        try run {
            try connection.execute(
                "SELECT coalesce(max(position), 0) FROM mcledger.events WHERE position <= $1 AND stream <> ALL($2::text[])",
                [through, TextArrayParameter(streams)]
            ).first?.int64(0) ?? 0
        }
    }

    /// The chain's hash of every event up to `through`, in position order (the leaves of
    /// the Merkle tree of that many events).
    public func hashes(through: Int64) throws -> [[UInt8]] {
        try run {
            try connection.execute(
                "SELECT hash FROM mcledger.events WHERE position <= $1 ORDER BY position", [through]
            ).compactMap { $0.bytea(0) }
        }
    }

    /// The chain's hash at `position`, nil when the log has no such position.
    public func hash(at position: Int64) throws -> [UInt8]? {
        try run {
            try connection.execute("SELECT hash FROM mcledger.events WHERE position = $1", [position]).first?.bytea(0)
        }
    }

    /// The events at `positions`, in position order (positions the log lacks are left out).
    public func events(at positions: [Int64]) throws -> [RecordedEvent] {
        guard !positions.isEmpty else { return [] }
        return try run {
            try connection.execute(
                "SELECT \(Self.eventColumns) FROM mcledger.events WHERE position = ANY($1::bigint[]) ORDER BY position",
                ["{" + positions.map(String.init).joined(separator: ",") + "}"]
            ).map(RecordedEvent.init(row:))
        }
    }
}

/// Look-ups by type and by event id, outside any scan.
extension EventStore {
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
}
