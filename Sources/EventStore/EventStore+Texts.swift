internal import Postgres

/// What the log and the side table hold about one free-text field of one event
/// (schema/015): what `mcledger redact` checks before it asks to remove a text.
public struct EventTextState: Sendable {
    public var position: Int64
    public var stream: String
    public var type: String
    public var schemaVersion: Int
    /// The event's metadata holds its reason inline (written before schema/015).
    public var hasInlineReason: Bool
    /// How many commitments the event makes to the field.
    public var commitments: Int
    /// The side table has a row for the field (its text, or its redaction).
    public var isBesideTheLog: Bool
    /// Where the field's text was redacted, when it was: the redaction's position,
    /// business date and actor.
    public var redacted: (position: Int64, on: String?, by: String?)?
}

extension EventStore {
    /// The state of `field` of the event `eventID` (a lowercase uuid); nil when the log
    /// holds no such event.
    public func textState(of eventID: String, field: String) throws -> EventTextState? {
        try run {
            let row = try connection.execute(
                """
                SELECT e.position, e.stream, e.type, e.schema_version, e.metadata ? 'reason',
                       cardinality(mcledger.text_commitments(e.data, e.metadata, $2)),
                       t.event_id IS NOT NULL, t.redacted_position, to_char(r.occurred_on, 'YYYY-MM-DD'), r.actor
                  FROM mcledger.events e
                  LEFT JOIN mcledger.event_texts t ON t.event_id = e.event_id AND t.field = $2
                  LEFT JOIN mcledger.events r ON r.position = t.redacted_position
                 WHERE e.event_id = $1::uuid
                """, [eventID, field]
            ).first
            guard let row, let position = row.int64(0), let stream = row.string(1), let type = row.string(2), let version = row.int(3) else {
                return nil
            }
            return EventTextState(
                position: position, stream: stream, type: type, schemaVersion: version,
                hasInlineReason: row.bool(4) == true, commitments: row.int(5) ?? 0, isBesideTheLog: row.bool(6) == true,
                redacted: row.int64(7).map { ($0, row.string(8), row.string(9)) }
            )
        }
    }
}
