public import Foundation
public import Mentoring

extension Event {
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
