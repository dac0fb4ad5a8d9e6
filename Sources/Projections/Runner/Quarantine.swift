internal import EventCodec
internal import EventStore
internal import Foundation
internal import Mentoring
public import Postgres

/// An event the projectors cannot decode, set aside so that they go on (schema/012).
public struct QuarantinedEvent: Hashable, Sendable {
    public var position: Int64
    public var eventID: String
    public var stream: String
    public var type: String
    public var schemaVersion: Int
    /// Why it cannot be read: the problem and the payload key, never a value.
    public var problem: String
    /// When a projector first met it (UTC, ISO 8601); nil before it was stored.
    public var firstSeen: String?
    /// The position of the correction that voids it, once one does.
    public var resolvedBy: Int64?
}

/// The events one runner met and could not decode, gathered from every thread that
/// decodes (a rebuild's reader decodes on several) and stored with the batch that met
/// them.
///
/// `@unchecked Sendable`: `entries` is read and written under `lock` only.
final class QuarantineLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Int64: QuarantinedEvent] = [:]

    func record(_ row: StoredEvent, problem: String) {
        let event = QuarantinedEvent(
            position: row.position, eventID: row.eventID, stream: row.stream, type: row.type,
            schemaVersion: row.schemaVersion, problem: problem
        )
        lock.lock()
        entries[row.position] = event
        lock.unlock()
    }

    /// Everything met so far, by position, and forgets it.
    func drain() -> [QuarantinedEvent] {
        lock.lock()
        defer { lock.unlock() }
        let drained = entries.values.sorted { $0.position < $1.position }
        entries.removeAll()
        return drained
    }

    /// Inserts what was met into mcledger.projection_quarantine, in the caller's
    /// transaction; a position already there keeps its first sighting.
    ///
    /// - Parameter head: a rebuild read every event up to here: the rows of events up to
    ///   it that it did not meet (this build reads them now) are dropped.
    func store(_ connection: Connection, replacingThrough head: Int64? = nil) throws {
        let events = drain()
        if let head {
            try connection.execute(
                "DELETE FROM mcledger.projection_quarantine WHERE position <= $1 AND NOT (position = ANY($2::bigint[]))",
                [head, TextArrayParameter(events.map { String($0.position) })]
            )
        }
        guard !events.isEmpty else { return }
        try connection.execute("""
            INSERT INTO mcledger.projection_quarantine (position, event_id, stream, type, schema_version, problem)
            SELECT p::bigint, e::uuid, s, t, v::integer, m FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(p, e, s, t, v, m)
            ON CONFLICT (position) DO NOTHING
            """, [
                TextArrayParameter(events.map { String($0.position) }), TextArrayParameter(events.map(\.eventID)),
                TextArrayParameter(events.map(\.stream)), TextArrayParameter(events.map(\.type)),
                TextArrayParameter(events.map { String($0.schemaVersion) }), TextArrayParameter(events.map(\.problem)),
            ])
    }
}

extension EventCodec {
    /// Why `row` cannot be read, without any value of its payload.
    func problem(_ row: StoredEvent) -> String {
        guard (try? Mentoring.StreamName(row.stream)) != nil else {
            return "stream '\(row.stream)' is not program, community-<id> or person-<id>"
        }
        guard upcasters(for: row.type).isEmpty else {
            return "'\(row.type)' version \(row.schemaVersion) cannot be read after upcasting"
        }
        do {
            _ = try Event.decode(type: row.type, schemaVersion: row.schemaVersion, json: row.data)
            return "its date or metadata cannot be read"
        } catch {
            return error.summary
        }
    }
}

extension ProjectionRunner {
    /// Every quarantined event, oldest first, read through `mcledger.quarantined_events`
    /// (any ledger role may).
    public static func quarantine(connection: Connection) throws -> [QuarantinedEvent] {
        try connection.execute("""
            SELECT position, event_id::text, stream, type, schema_version, problem,
                   to_char(first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), resolved_by
              FROM mcledger.quarantined_events ORDER BY position
            """).map { row in
            QuarantinedEvent(
                position: row.int64(0) ?? 0, eventID: row.string(1) ?? "", stream: row.string(2) ?? "", type: row.string(3) ?? "",
                schemaVersion: row.int(4) ?? 0, problem: row.string(5) ?? "", firstSeen: row.string(6), resolvedBy: row.int64(7)
            )
        }
    }
}
