internal import Foundation

/// An event as the log holds it, every field in the text form the hash chain covers.
public struct RecordedEvent: Sendable, Equatable {
    public var position: Int64
    public var stream: StreamName
    public var version: Int
    /// Lowercase hyphenated uuid.
    public var eventID: String
    public var type: String
    public var schemaVersion: Int
    /// The payload as jsonb prints it (canonical for the stored value).
    public var data: String
    public var metadata: String
    public var actor: String
    public var commandID: String?
    public var correlationID: String?
    /// `YYYY-MM-DD`.
    public var occurredOn: String
    /// UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    public var recordedAt: String
    public var hash: [UInt8]
    /// The database login (`session_user`) that appended the event: the server writes it
    /// into the metadata, which the chain covers, and the `login` column repeats it
    /// (schema/011). Nil for events appended before that migration.
    public var login: String?
    /// The event's free texts from beside the log (schema/015): a JSON object, field →
    /// text or redaction notice (`[redacted 2027-01-04 by registrar: …]`); nil when the
    /// event commits to none or the reader did not fetch them. Not part of the chain: the
    /// event holds each text's commitment instead.
    public var texts: String?

    public init(
        position: Int64, stream: StreamName, version: Int, eventID: String, type: String,
        schemaVersion: Int, data: String, metadata: String, actor: String, commandID: String?,
        correlationID: String?, occurredOn: String, recordedAt: String, hash: [UInt8], login: String? = nil, texts: String? = nil
    ) {
        self.position = position
        self.stream = stream
        self.version = version
        self.eventID = eventID
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.metadata = metadata
        self.actor = actor
        self.commandID = commandID
        self.correlationID = correlationID
        self.occurredOn = occurredOn
        self.recordedAt = recordedAt
        self.hash = hash
        self.login = login
        self.texts = texts
    }

    /// ``texts`` as a dictionary (empty when there are none).
    public var textValues: [String: String] { Self.textValues(texts) }

    /// A texts column (``EventStore/textsColumn``) as a dictionary, field → text or
    /// redaction notice (empty for NULL).
    public static func textValues(_ texts: String?) -> [String: String] {
        guard let texts, let object = try? JSONSerialization.jsonObject(with: Data(texts.utf8)) as? [String: Any] else { return [:] }
        var values: [String: String] = [:]
        for (field, value) in object {
            if let text = value as? String { values[field] = text }
        }
        return values
    }

    /// Decodes the payload as `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(data.utf8))
    }
}

/// One event as an append reports it.
public struct AppendedEvent: Sendable, Equatable {
    public var position: Int64
    public var stream: StreamName
    public var version: Int
    public var eventID: String
    public var type: String
}

/// The outcome of an append.
public struct AppendResult: Sendable, Equatable {
    public var events: [AppendedEvent]
    /// True when the command id had been seen: these are the first append's events and
    /// nothing new was written.
    public var replayed: Bool

    public var positions: [Int64] { events.map(\.position) }
}

/// The newest position and its hash, as the ledger records them.
public struct LedgerHead: Sendable, Equatable {
    public var position: Int64
    public var hash: [UInt8]

    /// The head of an empty ledger: position 0 and 32 zero bytes, where the chain starts.
    public static let genesis = LedgerHead(position: 0, hash: [UInt8](repeating: 0, count: 32))
}
