public import Foundation

/// An event to append: its stream, type, schema version and JSON payload.
///
/// The payload is opaque to the store: any JSON value, kept as text and stored as jsonb.
public struct NewEvent: Sendable, Equatable {
    public var stream: StreamName
    public var type: String
    public var schemaVersion: Int
    /// The payload, as JSON text.
    public var data: String
    /// Chosen by the caller so it can refer to the event before it is stored; nil lets the
    /// server choose.
    public var eventID: UUID?
    /// Per-event metadata (a JSON object as text), merged over the append's metadata.
    public var metadata: String?

    public init(
        stream: StreamName, type: String, schemaVersion: Int = 1, data: String,
        eventID: UUID? = nil, metadata: String? = nil
    ) {
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.eventID = eventID
        self.metadata = metadata
    }

    /// An event whose payload is `payload` encoded as JSON with sorted keys.
    public init(
        stream: StreamName, type: String, schemaVersion: Int = 1, payload: some Encodable,
        eventID: UUID? = nil
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(payload)
        self.init(
            stream: stream, type: type, schemaVersion: schemaVersion,
            data: String(decoding: bytes, as: UTF8.self), eventID: eventID
        )
    }
}

/// What every event of one append shares: who, why, which command, and the business date.
public struct AppendMetadata: Sendable, Equatable {
    /// Who issued the command: a display name (the server records the login beside it;
    /// an empty actor records the login as the name too).
    public var actor: String
    /// The idempotency key; the same id again returns the first outcome and writes nothing.
    public var commandID: String?
    /// Identifies the command the id stands for, so a reused id with another command is
    /// refused. Defaults to a digest of the events when nil.
    public var fingerprint: String?
    public var correlationID: UUID?
    /// The business date (`YYYY-MM-DD`): when the thing happened, not when it was recorded.
    public var occurredOn: String
    /// Further metadata as a JSON object in text, e.g. `{"reason": "…"}`.
    public var extra: String

    public init(
        actor: String, occurredOn: String, commandID: String? = nil, fingerprint: String? = nil,
        correlationID: UUID? = nil, extra: String = "{}"
    ) {
        self.actor = actor
        self.occurredOn = occurredOn
        self.commandID = commandID
        self.fingerprint = fingerprint
        self.correlationID = correlationID
        self.extra = extra
    }
}
