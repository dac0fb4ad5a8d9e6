import EventStore
import Foundation
import Postgres

/// Metadata for a test append.
func meta(_ actor: String = "tester", command: String? = nil, on day: String = "2026-11-26") -> AppendMetadata {
    AppendMetadata(actor: actor, occurredOn: day, commandID: command)
}

/// A small event with a JSON payload.
func event(_ stream: StreamName, _ type: String = "Noted", _ data: String = #"{"n": 1}"#) -> NewEvent {
    NewEvent(stream: stream, type: type, data: data)
}

/// Counts the rows of the log and the positions' bounds, to prove nothing partial landed.
func logShape(_ connection: Connection) throws -> (count: Int, min: Int, max: Int) {
    let row = try connection.execute("SELECT count(*), coalesce(min(position), 0), coalesce(max(position), 0) FROM mcledger.events").first!
    return (row.int(0)!, row.int(1)!, row.int(2)!)
}

/// Every event's canonical form as schema/001's SQL function prints it, in position order.
func sqlCanonicalForms(_ connection: Connection) throws -> [String] {
    try connection.execute("""
        SELECT mcledger.canonical_form(position, stream, version, event_id, type, schema_version,
               occurred_on, recorded_at, actor, command_id, correlation_id, data, metadata)
        FROM mcledger.events ORDER BY position
        """).map { $0.string(0)! }
}

/// The plain-SQL recipe of schema/001 (a recursive CTE with `sha256()`) run over the whole
/// log: how many stored hashes it does not reproduce, of how many events.
func sqlRecipeMismatches(_ connection: Connection) throws -> (mismatches: Int, events: Int) {
    let row = try connection.execute("""
        WITH RECURSIVE chain(position, computed) AS (
            SELECT 0::bigint, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
          UNION ALL
            SELECT e.position,
                   sha256(c.computed || convert_to(mcledger.canonical_form(e.position, e.stream,
                       e.version, e.event_id, e.type, e.schema_version, e.occurred_on,
                       e.recorded_at, e.actor, e.command_id, e.correlation_id, e.data,
                       e.metadata), 'UTF8'))
              FROM chain c JOIN mcledger.events e ON e.position = c.position + 1
        )
        SELECT count(*) FILTER (WHERE c.computed <> e.hash), count(*)
          FROM chain c JOIN mcledger.events e USING (position)
        """).first!
    return (row.int(0)!, row.int(1)!)
}
