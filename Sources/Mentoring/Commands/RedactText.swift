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
