public import Foundation
public import Mentoring

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
