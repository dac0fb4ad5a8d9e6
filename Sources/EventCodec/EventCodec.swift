public import EventStore
internal import Foundation
public import Mentoring

/// The one reading of a stored event as the domain's ``EventEnvelope``: every reader that
/// folds (the write path's deciders, the projections, the nightly report's tallies,
/// `projections verify`) goes through ``envelope(_:)-(RecordedEvent)``, so an old event
/// reads the same everywhere.
///
/// The row's payload is brought to today's shape by the upcasters (``Upcaster``), decoded
/// by type (``Event/decode(type:schemaVersion:json:texts:)``) with its free texts from
/// beside the log put back (schema/015, ``FreeText``), and its metadata read for the
/// write's reason and the post-close flag.
public struct EventCodec: Sendable {
    private let upcasters: [String: [Int: Upcaster]]

    /// - Parameter upcasters: applied until none reads the event's type and version
    ///   (``Upcaster/all`` by default; a test may hand a reader its own).
    public init(upcasters: [Upcaster] = Upcaster.all) {
        self.upcasters = Upcaster.table(upcasters)
    }

    /// The upcasters of `type`, by the version each reads.
    public func upcasters(for type: String) -> [Int: Upcaster] { upcasters[type] ?? [:] }

    /// The keys of an event's metadata the domain writes and reads back.
    public enum MetadataKey {
        /// True on events written to an academic year already closed (see `PendingEvent`).
        public static let postCloseAdjustment = "postCloseAdjustment"
    }

    /// The envelope of an event as the store's reads give it (every column).
    ///
    /// - Throws: ``UnreadableEventError`` when the row is not a mentoring event this build
    ///   can read; the write path refuses to decide from such a history, the projections
    ///   quarantine the event.
    public func envelope(_ event: RecordedEvent) throws(UnreadableEventError) -> EventEnvelope {
        try envelope(
            position: event.position, stream: event.stream.rawValue, eventID: event.eventID, type: event.type,
            schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata, actor: event.actor,
            login: event.login, occurredOn: event.occurredOn, texts: event.texts
        )
    }

    /// The envelope of an event as the folding scans give it (no hash, no commit time).
    ///
    /// - Throws: ``UnreadableEventError`` as ``envelope(_:)-(RecordedEvent)``.
    public func envelope(_ row: StoredEvent) throws(UnreadableEventError) -> EventEnvelope {
        try envelope(
            position: row.position, stream: row.stream, eventID: row.eventID, type: row.type,
            schemaVersion: row.schemaVersion, data: row.data, metadata: row.metadata, actor: row.actor,
            login: row.login, occurredOn: row.occurredOn, texts: row.texts
        )
    }

    private func envelope(
        position: Int64, stream: String, eventID: String, type: String, schemaVersion: Int, data: String,
        metadata: String, actor: String, login: String?, occurredOn: String, texts: String?
    ) throws(UnreadableEventError) -> EventEnvelope {
        let name: Mentoring.StreamName
        let day: Day
        do {
            name = try Mentoring.StreamName(stream)
            day = try Day(occurredOn)
        } catch {
            throw UnreadableEventError(position: position, problem: .notMentoring, detail: "\(error)")
        }
        // Free text beside the log (schema/015), fetched with the row; none for most events.
        let values = RecordedEvent.textValues(texts)
        let event: Event
        do {
            // An event stored in an older shape is read in today's, as every reader reads it.
            let current = try Upcaster.current(type: type, schemaVersion: schemaVersion, data: data, using: upcasters)
            event = try Event.decode(type: current.type, schemaVersion: current.schemaVersion, json: current.data, texts: values)
        } catch {
            throw UnreadableEventError(position: position, problem: .payload, detail: "\(error)")
        }
        let (reason, postClose) = Self.metadata(metadata, texts: values)
        return EventEnvelope(
            event: event, stream: name, position: position, eventID: EventID(eventID), occurredOn: day,
            actor: Actor(actor), login: login.map(Login.init), reason: reason, isPostCloseAdjustment: postClose
        )
    }

    /// `reason` and the post-close flag. Most events carry no metadata but the login the
    /// server adds (schema/011), `{"login": "…"}` or `{}`, which need no parser: reading
    /// the whole log (a rebuild, an import) meets this once per event.
    /// A reason written since schema/015 is a commitment (`reasonSha256`); its text is
    /// the event's `reason` beside the log, or its redaction notice.
    private static func metadata(_ text: String, texts: [String: String]) -> (reason: String?, postClose: Bool) {
        guard !EventMetadata.isEmptyButLogin(text), let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return (nil, false)
        }
        return (FreeText.reason(metadata: object, texts: texts), object[MetadataKey.postCloseAdjustment] as? Bool ?? false)
    }
}

/// A stored event this build cannot read as a mentoring event.
public struct UnreadableEventError: Error, Sendable, CustomStringConvertible {
    public enum Problem: Sendable {
        /// Its stream or business date is not one the domain names.
        case notMentoring
        /// Its payload cannot be upcast or decoded (``EventDecodingError``, ``UpcastLoop``).
        case payload
    }

    public var position: Int64
    public var problem: Problem
    /// What the failing step said.
    public var detail: String

    public var description: String {
        switch problem {
        case .notMentoring: "event at position \(position) is not a mentoring event: \(detail)"
        case .payload: "event at position \(position) cannot be read: \(detail)"
        }
    }
}
