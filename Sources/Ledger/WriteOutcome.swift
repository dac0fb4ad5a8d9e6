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
    /// The appended events, in position order.
    public var events: [WrittenEvent]
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
        self.replayed = replayed
        self.commandID = commandID
        self.attempts = attempts
    }
}
