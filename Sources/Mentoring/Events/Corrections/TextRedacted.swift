/// A free text of an earlier event was removed from beside the log (schema/015).
///
/// Holds no text: only which event and which field. Its own `--reason` (why the text went)
/// is a free text like any reason, committed in the metadata. From this event on, every
/// reader shows the field as `[redacted <date> by <actor>: <reason>]`; the event it points
/// at, its commitment and the chain are unchanged. A redaction cannot be corrected.
///
/// Appended to the stream of the event whose text it removes.
public struct TextRedacted: EventPayload {
    public static let typeName = "TextRedacted"
    public static let schemaVersion = 1

    /// The event whose text was removed.
    public var event: EventID
    /// The field (a payload field such as `waiver`, or `reason`).
    public var field: String

    public init(event: EventID, field: String) {
        self.event = event
        self.field = field
    }
}

/// `mcledger redact <event-id> --field NAME --reason TEXT`: remove a free text of an
/// earlier event from beside the log (see ``FreeText``).
public struct RedactText: Hashable, Sendable {
    /// The event whose text goes.
    public var eventID: EventID
    /// Its stream, where the ``TextRedacted`` event is appended.
    public var stream: StreamName
    /// The field: one of ``FreeText/fields(of:)`` for the event's type.
    public var field: String

    public init(eventID: EventID, stream: StreamName, field: String) {
        self.eventID = eventID
        self.stream = stream
        self.field = field
    }
}
