public import EventStore
public import Foundation
public import Mentoring

/// The one reading of a stored event as the domain's ``EventEnvelope``: every reader that
/// folds (the write path's deciders, the projections, the nightly report's tallies,
/// `projections verify`) goes through ``envelope(_:)``, so an old event reads the same
/// everywhere.
///
/// The row's payload is brought to today's shape by the upcasters (``Upcaster``), decoded
/// by type (``Event/decode(type:schemaVersion:json:texts:)``, below) with its free texts
/// from beside the log put back (schema/015, ``FreeText``), and its metadata read for the
/// write's reason and the post-close flag. The row the write path appends is made below
/// too (``Event/encodeBesideTheLog(commit:)``), so one file holds an event's row both ways.
public struct EventCodec: Sendable {
    private let upcasters: [String: [Int: Upcaster]]

    /// - Parameter upcasters: applied until none reads the event's type and version
    ///   (``Upcaster/all`` by default; a test may hand a reader its own).
    public init(upcasters: [Upcaster] = Upcaster.all) {
        var table: [String: [Int: Upcaster]] = [:]
        for upcaster in upcasters { table[upcaster.type, default: [:]][upcaster.fromVersion] = upcaster }
        self.upcasters = table
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
    /// - Throws: ``UnreadableEventError`` as ``envelope(_:)``.
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
            throw UnreadableEventError(position: position, problem: .notMentoring, detail: "\(error)", underlying: error)
        }
        // Free text beside the log (schema/015), fetched with the row; none for most events.
        let values = RecordedEvent.textValues(texts)
        let event: Event
        do {
            // An event stored in an older shape is read in today's, as every reader reads it.
            let current = try upcast(type: type, schemaVersion: schemaVersion, data: data)
            event = try Event.decode(type: current.type, schemaVersion: current.schemaVersion, json: current.data, texts: values)
        } catch {
            throw UnreadableEventError(position: position, problem: .payload, detail: "\(error)", underlying: error)
        }
        let (reason, postClose) = Self.metadata(metadata, texts: values)
        return EventEnvelope(
            event: event, stream: name, position: position, eventID: EventID(eventID), occurredOn: day,
            actor: Actor(actor), login: login.map(Login.init), reason: reason, isPostCloseAdjustment: postClose
        )
    }

    /// The payload of `type` at `schemaVersion` brought to its current shape: every
    /// upcaster that reads the event's type and version is applied in turn.
    ///
    /// - Throws: what an upcaster throws, or ``UpcastLoop`` when they go round in a circle.
    private func upcast(type: String, schemaVersion: Int, data: String) throws -> (type: String, schemaVersion: Int, data: String) {
        var (type, version, data) = (type, schemaVersion, data)
        var steps = 0
        while let upcaster = upcasters[type]?[version] {
            (type, version, data) = try upcaster.upcast(data)
            steps += 1
            if steps > 64 { throw UpcastLoop(type: type) }
        }
        return (type, version, data)
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
    /// The failing step's own error, for logs.
    public var underlying: (any Error)?

    public var description: String {
        switch problem {
        case .notMentoring: "event at position \(position) is not a mentoring event: \(detail)"
        case .payload: "event at position \(position) cannot be read: \(detail)"
        }
    }
}

// MARK: A payload by its type

extension Event {
    /// Reads an event back from its stored row.
    ///
    /// - Throws: ``EventDecodingError`` for an unknown type, a schema version this build
    ///   cannot read, or a payload that does not match its type.
    public static func decode(type: String, schemaVersion: Int, data: Data, texts: [String: String] = [:]) throws(EventDecodingError) -> Event {
        guard let json = String(validating: data, as: UTF8.self) else {
            throw EventDecodingError(type: type, schemaVersion: schemaVersion, problem: .malformedPayload("the payload is not UTF-8 text"))
        }
        return try decode(type: type, schemaVersion: schemaVersion, json: json, texts: texts)
    }

    /// Reads an event back from its stored row, its payload as the JSON text stored.
    ///
    /// - Parameter texts: the event's free texts as the reader fetched them from beside
    ///   the log (field → text, or the redaction notice); see ``FreeText``. A version-1
    ///   event holds its text inline and needs none.
    /// - Throws: ``EventDecodingError`` as ``decode(type:schemaVersion:data:)``.
    public static func decode(type: String, schemaVersion: Int, json data: String, texts: [String: String] = [:]) throws(EventDecodingError) -> Event {
        switch type {
        case CommunityEstablished.typeName: .communityEstablished(try decodePayload(texts: texts, CommunityEstablished.self, schemaVersion: schemaVersion, data: data))
        case CommunityRetired.typeName: .communityRetired(try decodePayload(texts: texts, CommunityRetired.self, schemaVersion: schemaVersion, data: data))
        case PolicySet.typeName: .policySet(try decodePayload(texts: texts, PolicySet.self, schemaVersion: schemaVersion, data: data))
        case YearClosed.typeName: .yearClosed(try decodePayload(texts: texts, YearClosed.self, schemaVersion: schemaVersion, data: data))
        case PersonRegistered.typeName: .personRegistered(try decodePayload(texts: texts, PersonRegistered.self, schemaVersion: schemaVersion, data: data))
        case PersonRetitled.typeName: .personRetitled(try decodePayload(texts: texts, PersonRetitled.self, schemaVersion: schemaVersion, data: data))
        case PersonDetailsChanged.typeName: .personDetailsChanged(try decodePayload(texts: texts, PersonDetailsChanged.self, schemaVersion: schemaVersion, data: data))
        case PersonDetailsErased.typeName: .personDetailsErased(try decodePayload(texts: texts, PersonDetailsErased.self, schemaVersion: schemaVersion, data: data))
        case TrainingCompleted.typeName: .trainingCompleted(try decodePayload(texts: texts, TrainingCompleted.self, schemaVersion: schemaVersion, data: data))
        case StudentPlaced.typeName: .studentPlaced(try decodePayload(texts: texts, StudentPlaced.self, schemaVersion: schemaVersion, data: data))
        case StudentReleased.typeName: .studentReleased(try decodePayload(texts: texts, StudentReleased.self, schemaVersion: schemaVersion, data: data))
        case LeaderAppointed.typeName: .leaderAppointed(try decodePayload(texts: texts, LeaderAppointed.self, schemaVersion: schemaVersion, data: data))
        case LeaderSteppedDown.typeName: .leaderSteppedDown(try decodePayload(texts: texts, LeaderSteppedDown.self, schemaVersion: schemaVersion, data: data))
        case ResidentJoined.typeName: .residentJoined(try decodePayload(texts: texts, ResidentJoined.self, schemaVersion: schemaVersion, data: data))
        case ResidentLeft.typeName: .residentLeft(try decodePayload(texts: texts, ResidentLeft.self, schemaVersion: schemaVersion, data: data))
        case StudentJoined.typeName: .studentJoined(try decodePayload(texts: texts, StudentJoined.self, schemaVersion: schemaVersion, data: data))
        case StudentLeft.typeName: .studentLeft(try decodePayload(texts: texts, StudentLeft.self, schemaVersion: schemaVersion, data: data))
        case StaffLiaisonAssigned.typeName: .staffLiaisonAssigned(try decodePayload(texts: texts, StaffLiaisonAssigned.self, schemaVersion: schemaVersion, data: data))
        case StaffLiaisonUnassigned.typeName: .staffLiaisonUnassigned(try decodePayload(texts: texts, StaffLiaisonUnassigned.self, schemaVersion: schemaVersion, data: data))
        case CommunityMemberAssigned.typeName: .communityMemberAssigned(try decodePayload(texts: texts, CommunityMemberAssigned.self, schemaVersion: schemaVersion, data: data))
        case CommunityMemberRemoved.typeName: .communityMemberRemoved(try decodePayload(texts: texts, CommunityMemberRemoved.self, schemaVersion: schemaVersion, data: data))
        case GatheringHeld.typeName: .gatheringHeld(try decodePayload(texts: texts, GatheringHeld.self, schemaVersion: schemaVersion, data: data))
        case MeetingHeld.typeName: .meetingHeld(try decodePayload(texts: texts, MeetingHeld.self, schemaVersion: schemaVersion, data: data))
        case HoursLogged.typeName: .hoursLogged(try decodePayload(texts: texts, HoursLogged.self, schemaVersion: schemaVersion, data: data))
        case StipendRequested.typeName: .stipendRequested(try decodePayload(texts: texts, StipendRequested.self, schemaVersion: schemaVersion, data: data))
        case StipendApproved.typeName: .stipendApproved(try decodePayload(texts: texts, StipendApproved.self, schemaVersion: schemaVersion, data: data))
        case StipendPaid.typeName: .stipendPaid(try decodePayload(texts: texts, StipendPaid.self, schemaVersion: schemaVersion, data: data))
        case StipendReversed.typeName: .stipendReversed(try decodePayload(texts: texts, StipendReversed.self, schemaVersion: schemaVersion, data: data))
        case EventCorrected.typeName: .eventCorrected(try decodePayload(texts: texts, EventCorrected.self, schemaVersion: schemaVersion, data: data))
        case TextRedacted.typeName: .textRedacted(try decodePayload(texts: texts, TextRedacted.self, schemaVersion: schemaVersion, data: data))
        case RecordsDisclosed.typeName: .recordsDisclosed(try decodePayload(texts: texts, RecordsDisclosed.self, schemaVersion: schemaVersion, data: data))
        default:
            throw EventDecodingError(type: type, schemaVersion: schemaVersion, problem: .unknownType)
        }
    }

    private static func decodePayload<P: EventPayload>(texts: [String: String], _ type: P.Type, schemaVersion: Int, data: String) throws(EventDecodingError) -> P {
        // Upcasting lands here. The types of FreeText.payloadFields are at version 2, whose
        // payload holds commitments (`texts`) where version 1 held the text inline: version
        // 1 is read as it was written (its inline text is the text, and stays), version 2
        // with the texts put back; both give the same domain value.
        let readsInline = FreeText.isInline(type: P.typeName, schemaVersion: schemaVersion) && schemaVersion >= 1
        guard schemaVersion == P.schemaVersion || readsInline else {
            throw EventDecodingError(type: P.typeName, schemaVersion: schemaVersion, problem: .unsupportedVersion(current: P.schemaVersion))
        }
        do {
            if readsInline || FreeText.payloadFields[P.typeName] == nil {
                return try PayloadDecoder.decode(P.self, from: data)
            }
            return try PayloadDecoder.decode(P.self, from: data, texts: texts)
        } catch {
            throw EventDecodingError(
                type: P.typeName, schemaVersion: schemaVersion, problem: .malformedPayload(String(describing: error)), field: Self.field(of: error)
            )
        }
    }

    /// The key path a decoding error names (keys only, never values).
    private static func field(of error: any Error) -> String? {
        let path: [any CodingKey]
        switch error as? DecodingError {
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?: path = context.codingPath
        case .keyNotFound(let key, let context)?: path = context.codingPath + [key]
        case nil: return nil
        @unknown default: return nil
        }
        return path.isEmpty ? nil : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

// MARK: An event's row

extension Event {
    /// An event's row with its free text inline: type, schema version and the JSON
    /// payload. For the types of ``FreeText/payloadFields`` this is their version 1 (as
    /// written before schema/015); the write path uses ``encodeBesideTheLog(commit:)``.
    ///
    /// Keys are the payload's property names (camelCase); exact decimals (money, hours)
    /// are JSON strings such as `"2500.00"`, so no reader can round them.
    public func encode() -> (type: String, schemaVersion: Int, data: Data) {
        let data: Data = switch self {
        case .communityEstablished(let payload): Self.encoded(payload)
        case .communityRetired(let payload): Self.encoded(payload)
        case .policySet(let payload): Self.encoded(payload)
        case .yearClosed(let payload): Self.encoded(payload)
        case .personRegistered(let payload): Self.encoded(payload)
        case .personRetitled(let payload): Self.encoded(payload)
        case .personDetailsChanged(let payload): Self.encoded(payload)
        case .personDetailsErased(let payload): Self.encoded(payload)
        case .trainingCompleted(let payload): Self.encoded(payload)
        case .studentPlaced(let payload): Self.encoded(payload)
        case .studentReleased(let payload): Self.encoded(payload)
        case .leaderAppointed(let payload): Self.encoded(payload)
        case .leaderSteppedDown(let payload): Self.encoded(payload)
        case .residentJoined(let payload): Self.encoded(payload)
        case .residentLeft(let payload): Self.encoded(payload)
        case .studentJoined(let payload): Self.encoded(payload)
        case .studentLeft(let payload): Self.encoded(payload)
        case .staffLiaisonAssigned(let payload): Self.encoded(payload)
        case .staffLiaisonUnassigned(let payload): Self.encoded(payload)
        case .communityMemberAssigned(let payload): Self.encoded(payload)
        case .communityMemberRemoved(let payload): Self.encoded(payload)
        case .gatheringHeld(let payload): Self.encoded(payload)
        case .meetingHeld(let payload): Self.encoded(payload)
        case .hoursLogged(let payload): Self.encoded(payload)
        case .stipendRequested(let payload): Self.encoded(payload)
        case .stipendApproved(let payload): Self.encoded(payload)
        case .stipendPaid(let payload): Self.encoded(payload)
        case .stipendReversed(let payload): Self.encoded(payload)
        case .eventCorrected(let payload): Self.encoded(payload)
        case .textRedacted(let payload): Self.encoded(payload)
        case .recordsDisclosed(let payload): Self.encoded(payload)
        }
        // The inline form of a type whose free text moved beside the log is its version 1;
        // ``encodeBesideTheLog(commit:)`` gives version 2.
        return (typeName, FreeText.payloadFields[typeName] == nil ? schemaVersion : 1, data)
    }

    /// The row the event store writes from schema/015 on: as ``encode()``, but with each
    /// free-text field of ``FreeText/payloadFields`` moved out of the payload into its
    /// `texts` member as `commit(field, text)` (the caller's salted commitment), and the
    /// texts moved returned beside it for the side table.
    public func encodeBesideTheLog(
        commit: (_ field: String, _ text: String) -> String
    ) -> (type: String, schemaVersion: Int, data: String, texts: [(field: String, text: String)]) {
        let plain = encode()
        let json = String(decoding: plain.data, as: UTF8.self)
        guard let fields = FreeText.payloadFields[plain.type] else { return (plain.type, plain.schemaVersion, json, []) }
        do {
            let moved = try PayloadDecoder.movingTexts(fields, outOf: json, commit: commit)
            return (plain.type, schemaVersion, moved.json, moved.texts)
        } catch {
            preconditionFailure("re-reading an encoded \(plain.type) cannot fail: \(error)")
        }
    }

    private static func encoded(_ payload: some EventPayload) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(payload)
        } catch {
            // Payloads hold only strings, integers, arrays and nested structs of those.
            preconditionFailure("encoding \(type(of: payload)) cannot fail: \(error)")
        }
    }

}
