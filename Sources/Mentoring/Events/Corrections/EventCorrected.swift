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
