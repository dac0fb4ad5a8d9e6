internal import EventStore

/// One event a write appended (or, for a repeated command id, had appended the first time).
public struct WrittenEvent: Sendable, Hashable {
    public var position: Int64
    public var stream: String
    public var version: Int
    /// Lowercase hyphenated uuid: what `mcledger correct` takes.
    public var eventID: String
    public var type: String

    public init(position: Int64, stream: String, version: Int, eventID: String, type: String) {
        self.position = position
        self.stream = stream
        self.version = version
        self.eventID = eventID
        self.type = type
    }
}

/// What a write did.
public struct WriteOutcome: Sendable, Hashable {
    /// The appended events, in position order; empty for a write that answers with its
    /// range only (an import, ``CommandHandler/handle(batch:_:kind:fingerprint:progress:)``,
    /// which would otherwise hold one entry per row).
    public var events: [WrittenEvent]
    /// How many events were appended, and the first and last position (nil when none).
    public var count: Int
    public var firstPosition: Int64?
    public var lastPosition: Int64?
    /// True when the command id had been seen: these are the first write's events and
    /// nothing new was appended.
    public var replayed: Bool
    /// The idempotency key the write was recorded under (chosen by the handler when the
    /// request had none).
    public var commandID: String
    /// How many decisions it took: more than 1 when a concurrent writer moved a stream.
    public var attempts: Int

    public init(events: [WrittenEvent], replayed: Bool, commandID: String, attempts: Int) {
        self.events = events
        self.count = events.count
        self.firstPosition = events.first?.position
        self.lastPosition = events.last?.position
        self.replayed = replayed
        self.commandID = commandID
        self.attempts = attempts
    }

    /// The outcome of a bulk append, by its range.
    init(range: BulkAppendResult, commandID: String, attempts: Int) {
        self.events = []
        self.count = range.count
        self.firstPosition = range.firstPosition
        self.lastPosition = range.lastPosition
        self.replayed = range.replayed
        self.commandID = commandID
        self.attempts = attempts
    }

    /// The positions appended, in order.
    public var positions: ClosedRange<Int64>? {
        guard let firstPosition, let lastPosition else { return nil }
        return firstPosition...lastPosition
    }

    func with(attempts: Int) -> WriteOutcome {
        var copy = self
        copy.attempts = attempts
        return copy
    }
}
