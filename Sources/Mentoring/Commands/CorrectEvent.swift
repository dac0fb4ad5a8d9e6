/// Voids an earlier event by a new event; the reason (required) comes from the context.
///
/// The handler finds the event's stream in the store (by event id) before building the
/// command, since a correction is appended to the stream of the event it voids.
///
/// `mcledger correct <event-id> --reason TEXT`
public struct CorrectEvent: Hashable, Sendable {
    public var eventID: EventID
    public var stream: StreamName

    public init(eventID: EventID, stream: StreamName) {
        self.eventID = eventID
        self.stream = stream
    }
}
