/// A mistake is corrected: an earlier event of the same stream is void from now on (REC-01).
///
/// The original stays in the log; folding skips it once this event is seen. To record
/// the right fact, issue the right command after the correction.
///
/// Appended to the stream of the event it voids.
public struct EventCorrected: EventPayload {
    public static let typeName = "EventCorrected"
    public static let schemaVersion = 2  // 2: free text beside the log (FreeText, schema/015)

    /// The event made void.
    public var voids: EventID
    /// Its type name, so a reader sees what was voided without looking it up.
    public var voidedType: String
    /// Why it was wrong.
    public var reason: String

    public init(voids: EventID, voidedType: String, reason: String) {
        self.voids = voids
        self.voidedType = voidedType
        self.reason = reason
    }
}

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
