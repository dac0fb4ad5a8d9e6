public import EventStore
internal import Foundation
public import Mentoring

/// The keys of an event's metadata that the domain reads back.
enum MetadataKey {
    /// True on events written to an academic year already closed (see `PendingEvent`).
    static let postCloseAdjustment = "postCloseAdjustment"
}

extension EventEnvelope {
    /// The domain's view of a stored event.
    ///
    /// Old schema versions are upcast first (``Upcaster``), so a decision reads an old
    /// event as the projections do.
    ///
    /// - Throws: ``LedgerError`` `.unreadableEvent` when the row is not a mentoring event
    ///   this build can read; the decision must not go on from a partial history.
    public init(recorded event: RecordedEvent, upcasters: [String: [Int: Upcaster]] = Upcaster.table) throws(LedgerError) {
        let stream: Mentoring.StreamName
        let decoded: Event
        // Free text beside the log (schema/015), fetched with the row; none for most events.
        let texts = event.texts == nil ? [:] : event.textValues
        let occurredOn: Day
        do {
            stream = try Mentoring.StreamName(event.stream.rawValue)
            occurredOn = try Day(event.occurredOn)
        } catch {
            throw LedgerError(code: .unreadableEvent, message: "event at position \(event.position) is not a mentoring event: \(error)", underlying: error)
        }
        do {
            // An event stored in an older shape is read in today's, as every reader reads it.
            let current = try Upcaster.current(type: event.type, schemaVersion: event.schemaVersion, data: event.data, using: upcasters)
            decoded = try Event.decode(type: current.type, schemaVersion: current.schemaVersion, json: current.data, texts: texts)
        } catch {
            throw LedgerError(code: .unreadableEvent, message: "event at position \(event.position) cannot be read: \(error)", underlying: error)
        }
        // Most events carry no metadata of their own but the login (read from its column):
        // skip the parse, since reading the whole log for an import does this once per event.
        let metadata = EventMetadata.isEmptyButLogin(event.metadata)
            ? [:]
            : (try? JSONSerialization.jsonObject(with: Data(event.metadata.utf8))) as? [String: Any] ?? [:]
        self.init(
            event: decoded, stream: stream, position: event.position, eventID: EventID(event.eventID),
            occurredOn: occurredOn, actor: Actor(event.actor), login: event.login.map(Login.init),
            reason: FreeText.reason(metadata: metadata, texts: texts),
            isPostCloseAdjustment: metadata[MetadataKey.postCloseAdjustment] as? Bool ?? false
        )
    }
}
