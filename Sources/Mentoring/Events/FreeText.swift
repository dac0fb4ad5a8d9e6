/// Free text lives beside the log (schema/015, issue 15).
///
/// What an administrator types — a gathering's title, a logged activity, a leader's
/// exception, a waiver, a payment reference, a member's approvals, and every `--reason` —
/// can name a student ("moved at Ana R.'s request after her leave"). Written into an event
/// it could never be removed, since the chain covers every byte. From schema version 2 of
/// each type below, the event carries instead a salted SHA-256 commitment to each text,
/// under `"texts"` in the payload (field → hex), and the text itself sits in
/// `mcledger.event_texts` with its salt, where `mcledger redact` can remove it while the
/// chain still verifies. The metadata's `reason` becomes `reasonSha256` likewise.
///
/// The payload types keep their `String` properties: readers put the texts (or a
/// redaction notice) back before decoding, so rules and displays read them as before.
/// The presence of an optional text still shows in the log (its commitment), so a rule
/// that asks whether an exception or waiver was given reads the same after a redaction.
///
/// Events written at version 1 keep their text inline: they are read as they always
/// were, and cannot be redacted.
public enum FreeText {
    /// The payload member holding the commitments, field → lowercase hex SHA-256.
    public static let textsKey = "texts"
    /// The metadata key holding the commitment to the write's `--reason`.
    public static let reasonCommitmentKey = "reasonSha256"
    /// The side table's field for the write's `--reason`. The payload's own `reason`
    /// (CommunityRetired, StipendReversed, EventCorrected) is the same text, committed
    /// with the same salt, so one row serves both.
    public static let reasonField = "reason"
    /// The first schema version of each type below whose texts live beside the log.
    public static let firstVersionBeside = 2
    /// What readers show for a committed text the side table lacks (`verify` names it).
    public static let missing = "[text missing]"

    /// The write's `--reason` as a reader shows it: inline in the metadata (written before
    /// schema/015), else the text its commitment points to beside the log (or that text's
    /// redaction notice, or ``missing``); nil when the write gave none.
    public static func reason(metadata: [String: Any], texts: [String: String]) -> String? {
        if let inline = metadata[reasonField] as? String { return inline }
        guard metadata[reasonCommitmentKey] is String else { return nil }
        return texts[reasonField] ?? missing
    }

    /// The payload fields, per type, whose text lives beside the log from version 2.
    public static let payloadFields: [String: [String]] = [
        GatheringHeld.typeName: ["title"],
        HoursLogged.typeName: ["activity"],
        LeaderAppointed.typeName: ["exception"],
        StipendApproved.typeName: ["waiver"],
        StipendPaid.typeName: ["reference"],
        CommunityRetired.typeName: ["reason"],
        StipendReversed.typeName: ["reason"],
        EventCorrected.typeName: ["reason"],
        CommunityMemberAssigned.typeName: ["deiApproval", "saApproval"],
    ]

    /// Every field of an event of `type` that may hold a text beside the log: its payload
    /// fields and the write's reason.
    public static func fields(of type: String) -> [String] {
        var fields = payloadFields[type] ?? []
        if !fields.contains(reasonField) { fields.append(reasonField) }
        return fields
    }

    /// Whether events of `type` at `schemaVersion` hold their payload's free text inline
    /// (written before schema/015).
    public static func isInline(type: String, schemaVersion: Int) -> Bool {
        payloadFields[type] != nil && schemaVersion < firstVersionBeside
    }

    /// The notice readers show in place of a redacted text, e.g.
    /// `[redacted 2027-01-04 by registrar: named a student]`. schema/015's
    /// `mcledger.event_texts_shown` builds the same text in SQL.
    public static func redactionNotice(on day: String, by actor: String, reason: String?) -> String {
        "[redacted \(day) by \(actor)\(reason.map { ": \($0)" } ?? "")]"
    }
}
