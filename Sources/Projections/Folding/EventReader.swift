internal import Foundation
internal import Mentoring
internal import Postgres

/// Reads events for projectors: only the columns they fold, bounded by a position.
///
/// Not `EventStore.readAll`: a projector reads up to the position its batch ends at (so
/// its rows match its checkpoint exactly), reads whole streams for a recomputation, and
/// skips the hash and commit-time columns that folding never needs.
struct EventReader {
    let connection: Connection
    let decoder: EnvelopeDecoder

    static let columns = "position, stream, event_id::text, type, schema_version, data::text, metadata::text, actor, to_char(occurred_on, 'YYYY-MM-DD')"

    /// At most `limit` events after `position`, in position order.
    func batch(after position: Int64, limit: Int) throws -> [EventEnvelope] {
        try read("SELECT \(Self.columns) FROM mcledger.events WHERE position > $1 ORDER BY position LIMIT $2", [position, limit])
    }

    /// Every event of the named streams up to `through`, in position order.
    func streams(_ names: [String], through: Int64) throws -> [EventEnvelope] {
        guard !names.isEmpty else { return [] }
        return try read(
            "SELECT \(Self.columns) FROM mcledger.events WHERE stream = ANY($1::text[]) AND position <= $2 ORDER BY position",
            [TextArrayParameter(names), through]
        )
    }

    /// Runs a query selecting ``columns`` and decodes each row, streaming.
    func read(_ sql: String, _ parameters: [any PostgresEncodable]) throws -> [EventEnvelope] {
        var envelopes: [EventEnvelope] = []
        try connection.stream(sql, parameters) { row in envelopes.append(try envelope(row)) }
        return envelopes
    }

    func envelope(_ row: Row) throws -> EventEnvelope {
        guard let position = row.int64(0), let stream = row.string(1), let eventID = row.string(2),
              let type = row.string(3), let version = row.int(4), let data = row.string(5),
              let metadata = row.string(6), let actor = row.string(7), let occurredOn = row.string(8)
        else {
            throw ProjectionError(code: .unreadableEvent, message: "an event row has an unexpected NULL")
        }
        return try decoder.envelope(
            position: position, stream: stream, eventID: eventID, type: type, schemaVersion: version,
            data: data, metadata: metadata, actor: actor, occurredOn: occurredOn
        )
    }
}
