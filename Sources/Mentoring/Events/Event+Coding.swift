public import Foundation

extension Event {
    /// The stable name stored in the `type` column.
    public var typeName: String {
        switch self {
        case .communityEstablished: CommunityEstablished.typeName
        case .communityRetired: CommunityRetired.typeName
        case .policySet: PolicySet.typeName
        case .yearClosed: YearClosed.typeName
        case .personRegistered: PersonRegistered.typeName
        case .personRetitled: PersonRetitled.typeName
        case .personDetailsChanged: PersonDetailsChanged.typeName
        case .personDetailsErased: PersonDetailsErased.typeName
        case .trainingCompleted: TrainingCompleted.typeName
        case .studentPlaced: StudentPlaced.typeName
        case .studentReleased: StudentReleased.typeName
        case .leaderAppointed: LeaderAppointed.typeName
        case .leaderSteppedDown: LeaderSteppedDown.typeName
        case .residentJoined: ResidentJoined.typeName
        case .residentLeft: ResidentLeft.typeName
        case .studentJoined: StudentJoined.typeName
        case .studentLeft: StudentLeft.typeName
        case .staffLiaisonAssigned: StaffLiaisonAssigned.typeName
        case .staffLiaisonUnassigned: StaffLiaisonUnassigned.typeName
        case .communityMemberAssigned: CommunityMemberAssigned.typeName
        case .communityMemberRemoved: CommunityMemberRemoved.typeName
        case .gatheringHeld: GatheringHeld.typeName
        case .meetingHeld: MeetingHeld.typeName
        case .hoursLogged: HoursLogged.typeName
        case .stipendRequested: StipendRequested.typeName
        case .stipendApproved: StipendApproved.typeName
        case .stipendPaid: StipendPaid.typeName
        case .stipendReversed: StipendReversed.typeName
        case .eventCorrected: EventCorrected.typeName
        case .textRedacted: TextRedacted.typeName
        case .recordsDisclosed: RecordsDisclosed.typeName
        }
    }

    /// The payload's schema version stored in the `schema_version` column.
    public var schemaVersion: Int {
        switch self {
        case .communityEstablished: CommunityEstablished.schemaVersion
        case .communityRetired: CommunityRetired.schemaVersion
        case .policySet: PolicySet.schemaVersion
        case .yearClosed: YearClosed.schemaVersion
        case .personRegistered: PersonRegistered.schemaVersion
        case .personRetitled: PersonRetitled.schemaVersion
        case .personDetailsChanged: PersonDetailsChanged.schemaVersion
        case .personDetailsErased: PersonDetailsErased.schemaVersion
        case .trainingCompleted: TrainingCompleted.schemaVersion
        case .studentPlaced: StudentPlaced.schemaVersion
        case .studentReleased: StudentReleased.schemaVersion
        case .leaderAppointed: LeaderAppointed.schemaVersion
        case .leaderSteppedDown: LeaderSteppedDown.schemaVersion
        case .residentJoined: ResidentJoined.schemaVersion
        case .residentLeft: ResidentLeft.schemaVersion
        case .studentJoined: StudentJoined.schemaVersion
        case .studentLeft: StudentLeft.schemaVersion
        case .staffLiaisonAssigned: StaffLiaisonAssigned.schemaVersion
        case .staffLiaisonUnassigned: StaffLiaisonUnassigned.schemaVersion
        case .communityMemberAssigned: CommunityMemberAssigned.schemaVersion
        case .communityMemberRemoved: CommunityMemberRemoved.schemaVersion
        case .gatheringHeld: GatheringHeld.schemaVersion
        case .meetingHeld: MeetingHeld.schemaVersion
        case .hoursLogged: HoursLogged.schemaVersion
        case .stipendRequested: StipendRequested.schemaVersion
        case .stipendApproved: StipendApproved.schemaVersion
        case .stipendPaid: StipendPaid.schemaVersion
        case .stipendReversed: StipendReversed.schemaVersion
        case .eventCorrected: EventCorrected.schemaVersion
        case .textRedacted: TextRedacted.schemaVersion
        case .recordsDisclosed: RecordsDisclosed.schemaVersion
        }
    }

    /// Every type name, for the store's documentation and for tests.
    public static let allTypeNames: [String] = [
        CommunityEstablished.typeName,
        CommunityRetired.typeName,
        PolicySet.typeName,
        YearClosed.typeName,
        PersonRegistered.typeName,
        PersonRetitled.typeName,
        PersonDetailsChanged.typeName,
        PersonDetailsErased.typeName,
        TrainingCompleted.typeName,
        StudentPlaced.typeName,
        StudentReleased.typeName,
        LeaderAppointed.typeName,
        LeaderSteppedDown.typeName,
        ResidentJoined.typeName,
        ResidentLeft.typeName,
        StudentJoined.typeName,
        StudentLeft.typeName,
        StaffLiaisonAssigned.typeName,
        StaffLiaisonUnassigned.typeName,
        CommunityMemberAssigned.typeName,
        CommunityMemberRemoved.typeName,
        GatheringHeld.typeName,
        MeetingHeld.typeName,
        HoursLogged.typeName,
        StipendRequested.typeName,
        StipendApproved.typeName,
        StipendPaid.typeName,
        StipendReversed.typeName,
        EventCorrected.typeName,
        TextRedacted.typeName,
        RecordsDisclosed.typeName,
    ]

    /// The current schema version of every type; every version from 1 up to it is read
    /// (see ``FreeText`` for the types at version 2).
    public static let currentSchemaVersions: [String: Int] = [
        CommunityEstablished.typeName: CommunityEstablished.schemaVersion,
        CommunityRetired.typeName: CommunityRetired.schemaVersion,
        PolicySet.typeName: PolicySet.schemaVersion,
        YearClosed.typeName: YearClosed.schemaVersion,
        PersonRegistered.typeName: PersonRegistered.schemaVersion,
        PersonRetitled.typeName: PersonRetitled.schemaVersion,
        PersonDetailsChanged.typeName: PersonDetailsChanged.schemaVersion,
        PersonDetailsErased.typeName: PersonDetailsErased.schemaVersion,
        TrainingCompleted.typeName: TrainingCompleted.schemaVersion,
        StudentPlaced.typeName: StudentPlaced.schemaVersion,
        StudentReleased.typeName: StudentReleased.schemaVersion,
        LeaderAppointed.typeName: LeaderAppointed.schemaVersion,
        LeaderSteppedDown.typeName: LeaderSteppedDown.schemaVersion,
        ResidentJoined.typeName: ResidentJoined.schemaVersion,
        ResidentLeft.typeName: ResidentLeft.schemaVersion,
        StudentJoined.typeName: StudentJoined.schemaVersion,
        StudentLeft.typeName: StudentLeft.schemaVersion,
        StaffLiaisonAssigned.typeName: StaffLiaisonAssigned.schemaVersion,
        StaffLiaisonUnassigned.typeName: StaffLiaisonUnassigned.schemaVersion,
        CommunityMemberAssigned.typeName: CommunityMemberAssigned.schemaVersion,
        CommunityMemberRemoved.typeName: CommunityMemberRemoved.schemaVersion,
        GatheringHeld.typeName: GatheringHeld.schemaVersion,
        MeetingHeld.typeName: MeetingHeld.schemaVersion,
        HoursLogged.typeName: HoursLogged.schemaVersion,
        StipendRequested.typeName: StipendRequested.schemaVersion,
        StipendApproved.typeName: StipendApproved.schemaVersion,
        StipendPaid.typeName: StipendPaid.schemaVersion,
        StipendReversed.typeName: StipendReversed.schemaVersion,
        EventCorrected.typeName: EventCorrected.schemaVersion,
        TextRedacted.typeName: TextRedacted.schemaVersion,
        RecordsDisclosed.typeName: RecordsDisclosed.schemaVersion,
    ]

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
