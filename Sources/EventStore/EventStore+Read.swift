internal import Postgres

/// The events of one stream and the version they bring it to.
public struct StreamSlice: Sendable, Equatable {
    public var stream: StreamName
    public var events: [RecordedEvent]
    /// The stream's version: the last event's version, 0 for a stream with no events.
    /// Pass it as the expected version when appending a decision made from these events.
    public var version: Int
}

extension EventStore {
    /// Every event of `stream`, in version order.
    public func read(stream: StreamName) throws -> StreamSlice {
        let events = try events(where: "stream = $1 ORDER BY version", [stream.rawValue])
        return StreamSlice(stream: stream, events: events, version: events.last?.version ?? 0)
    }

    /// The events `condition` selects (a `WHERE` clause over `mcledger.events` and its
    /// `ORDER BY`), with their texts: what a command's decision folds.
    ///
    /// Read lean, since a command runs in a fresh session that plans each statement
    /// anew (issue 16): the stored columns in binary format, as ``readAll(after:limit:_:)``
    /// reads them, so the statement calls no printing function and its texts subquery is
    /// not planned at all when no event read commits to a text (a registration, a
    /// placement). Events that do commit to one (their payload's `texts` or metadata's
    /// `reasonSha256`, found by a search of their JSON that may over-match, never miss)
    /// get their texts from ``textsColumn`` in a second statement, by position.
    ///
    /// - Parameter source: what the `FROM` names: the log, or the log joined to a list
    ///   (its own columns named apart from the log's).
    func events(from source: String = "mcledger.events", where condition: String, _ parameters: [any PostgresEncodable]) throws -> [RecordedEvent] {
        try run {
            var events = try connection.execute(
                "SELECT \(Self.binaryEventColumns) FROM \(source) WHERE \(condition)", parameters, binaryResults: true
            ).map(RecordedEvent.init(binaryRow:))
            try attachTexts(to: &events)
            return events
        }
    }

    /// Gives each of `events` read without their texts the texts it commits to, in one
    /// statement for all that may commit to one (``mayCommitToTexts(data:metadata:)``):
    /// the second step of a lean read, a command's stream read and its catch-up's scan.
    func attachTexts<Event: LeanlyRead>(to events: inout [Event]) throws {
        let committing = events.indices.filter { index in Self.mayCommitToTexts(data: events[index].data, metadata: events[index].metadata) }
        guard !committing.isEmpty else { return }
        let texts = try texts(at: committing.map { index in events[index].position })
        for index in committing { events[index].texts = texts[events[index].position] }
    }

    /// Whether an event's payload or metadata may hold a commitment to a text beside the
    /// log (``textsColumn``'s condition), found by a search of their JSON text that may
    /// over-match, never miss: a lean read asks ``texts(at:)`` for these events only.
    static func mayCommitToTexts(data: String, metadata: String) -> Bool {
        occurs(textsKeyBytes, in: data) || occurs(reasonCommitmentKeyBytes, in: metadata)
    }

    /// The member names as they appear in a JSON text, quoted, in UTF-8.
    private static let textsKeyBytes = Array("\"\(textsKey)\"".utf8)
    private static let reasonCommitmentKeyBytes = Array("\"\(reasonCommitmentKey)\"".utf8)

    /// Whether `pattern` occurs in `text`'s UTF-8 bytes: a plain byte search, since
    /// Foundation's `contains` (Unicode-aware, through CFString) cost a 20,000-row
    /// roster import ~35 ms of client CPU over the events its decisions read.
    private static func occurs(_ pattern: [UInt8], in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = pattern.first, bytes.count >= pattern.count else { return false }
            var start = 0
            while start <= bytes.count - pattern.count {
                if bytes[start] == first && bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
                start += 1
            }
            return false
        }
    }

    /// The texts (``textsColumn``) of the events at `positions`, by position; an event
    /// that commits to none is absent.
    func texts(at positions: [Int64]) throws -> [Int64: String] {
        let rows = try connection.execute(
            "SELECT position, \(Self.textsColumn) FROM mcledger.events WHERE position = ANY($1::bigint[])",
            [TextArrayParameter(positions.map(String.init))]
        )
        var texts: [Int64: String] = [:]
        for row in rows {
            if let position = row.int64(0), let text = row.string(1) { texts[position] = text }
        }
        return texts
    }

    /// Streams the log in position order, one event at a time, after `position`.
    ///
    /// Memory stays flat however long the log: the events arrive as a binary COPY, each
    /// read in place from the chunk libpq received. One statement reads them all, so they
    /// come from one snapshot. Positions are gap-free and equal to commit order, so a
    /// reader that resumes `after:` its last position never skips an event committed late.
    ///
    /// - Parameters:
    ///   - position: read events with a greater position (0: from the start).
    ///   - limit: at most this many events; nil for all.
    ///   - body: called once per event, in order; throwing stops the read.
    /// - Returns: how many events were passed to `body`.
    @discardableResult
    public func readAll(
        after position: Int64 = 0,
        limit: Int? = nil,
        _ body: (RecordedEvent) throws -> Void
    ) throws -> Int {
        try readAll(after: position, limit: limit, columns: Self.binaryEventColumns + ", " + Self.textsColumn, body)
    }

    /// ``readAll(after:limit:_:)`` selecting `columns`: ``binaryEventColumns``, with or without the texts.
    @discardableResult
    func readAll(after position: Int64, limit: Int?, columns: String, _ body: (RecordedEvent) throws -> Void) throws -> Int {
        try run {
            // A binary COPY rather than a query in single-row mode: the server sends the
            // stored values without printing them (the dates' to_char above all), and libpq
            // builds no result object per row, which was most of the client's cost
            // (issue 16). COPY takes no parameters; both values are integers.
            let bound = limit.map(String.init) ?? "ALL"
            return try connection.copyOut(
                "COPY (SELECT \(columns) FROM mcledger.events WHERE position > \(position) ORDER BY position LIMIT \(bound)) TO STDOUT (FORMAT binary)"
            ) { tuple in
                try body(try RecordedEvent(binaryRow: tuple))
            }
        }
    }

    /// Events of `stream` (or of all streams) after `position`, collected into an array.
    public func events(stream: StreamName? = nil, after position: Int64 = 0, limit: Int? = nil) throws -> [RecordedEvent] {
        guard let stream else {
            var events: [RecordedEvent] = []
            try readAll(after: position, limit: limit) { events.append($0) }
            return events
        }
        return try run {
            let result = try connection.execute(
                "SELECT \(Self.eventColumns) FROM mcledger.events WHERE stream = $1 AND position > $2 ORDER BY position LIMIT $3::bigint",
                [stream.rawValue, position, limit]
            )
            return try result.map(RecordedEvent.init(row:))
        }
    }

    /// The recorded head: the newest position and its hash (position 0 for an empty log).
    public func head() throws -> LedgerHead {
        try run {
            let result = try connection.execute("SELECT position, hash FROM mcledger.ledger_head WHERE ledger = 1")
            guard let row = result.first, let position = row.int64(0), let hash = row.bytea(1) else {
                throw EventStoreError(code: .schemaMissing, message: "the ledger head row is missing; run `mcledger db migrate`")
            }
            return LedgerHead(position: position, hash: hash)
        }
    }

    /// How many events the log holds (counted, not derived from the head).
    public func eventCount() throws -> Int64 {
        try run {
            try connection.execute("SELECT count(*) FROM mcledger.events").first?.int64(0) ?? 0
        }
    }
}

/// An event a lean read returns without its texts, which ``EventStore/attachTexts(to:)``
/// fills in afterwards.
protocol LeanlyRead {
    var position: Int64 { get }
    var data: String { get }
    var metadata: String { get }
    var texts: String? { get set }
}

extension RecordedEvent: LeanlyRead {}
extension StoredEvent: LeanlyRead {}
