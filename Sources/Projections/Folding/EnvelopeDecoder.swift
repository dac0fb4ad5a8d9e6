internal import EventStore
internal import Foundation
public import Mentoring

/// Reads stored event rows into the domain's envelopes, upcasting old schema versions.
public struct EnvelopeDecoder: Sendable {
    private let upcasters: [String: [Int: Upcaster]]

    /// - Parameter upcasters: applied until no upcaster matches the event's type and
    ///   version (``Upcaster/all`` by default).
    public init(upcasters: [Upcaster] = Upcaster.all) {
        var table: [String: [Int: Upcaster]] = [:]
        for upcaster in upcasters { table[upcaster.type, default: [:]][upcaster.fromVersion] = upcaster }
        self.upcasters = table
    }

    /// The upcasters of `type`, by the version each reads.
    func upcasters(for type: String) -> [Int: Upcaster] { upcasters[type] ?? [:] }

    /// The metadata keys the write path stores (see PendingEvent and the command handler).
    enum MetadataKey {
        static let postCloseAdjustment = "postCloseAdjustment"
    }

    /// The envelope of one stored event.
    ///
    /// - Throws: ``ProjectionError`` `.unreadableEvent` naming the position; readers
    ///   quarantine such an event (``QuarantineLog``) and go on.
    func envelope(
        position: Int64, stream: String, eventID: String, type: String, schemaVersion: Int,
        data: String, metadata: String, actor: String, login: String? = nil, occurredOn: String, texts: String? = nil
    ) throws(ProjectionError) -> EventEnvelope {
        do {
            var (type, version, data) = (type, schemaVersion, data)
            var steps = 0
            while let upcaster = upcasters[type]?[version] {
                (type, version, data) = try upcaster.upcast(data)
                steps += 1
                if steps > 64 { throw ProjectionError(code: .unreadableEvent, message: "upcasters of '\(type)' loop") }
            }
            let values = RecordedEvent.textValues(texts)
            let event = try Event.decode(type: type, schemaVersion: version, json: data, texts: values)
            let (reason, postClose) = Self.metadata(metadata, texts: values)
            return EventEnvelope(
                event: event, stream: try StreamName(stream), position: position, eventID: EventID(eventID),
                occurredOn: try Day(occurredOn), actor: Actor(actor), login: login.map(Login.init), reason: reason, isPostCloseAdjustment: postClose
            )
        } catch let error as ProjectionError {
            throw error
        } catch {
            throw ProjectionError(
                code: .unreadableEvent,
                message: "event at position \(position) (stream \(stream), type \(type)) cannot be read: \(error)",
                underlying: error
            )
        }
    }

    /// `reason` and the post-close flag. Most events carry no metadata but the login the
    /// server adds (schema/011), `{"login": "…"}` or `{}`, which need no parser.
    /// A reason written since schema/015 is a commitment (`reasonSha256`); its text is
    /// the event's `reason` beside the log, or its redaction notice.
    private static func metadata(_ text: String, texts: [String: String]) -> (reason: String?, postClose: Bool) {
        guard !EventMetadata.isEmptyButLogin(text), let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return (nil, false)
        }
        return (FreeText.reason(metadata: object, texts: texts), object[MetadataKey.postCloseAdjustment] as? Bool ?? false)
    }
}
