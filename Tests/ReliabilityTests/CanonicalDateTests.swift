import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 13's holes in the canonical form (schema/010): a date moved to the same day BC,
/// or to 'infinity', no longer passes verify or the SQL recipe; the append refuses such
/// dates; and the hashes of every event written before are unchanged (GoldenVectorTests).
@Suite struct CanonicalDateTests {
    /// The recipe of schema/001 with docs/VERIFYING.md's amendments: IS DISTINCT FROM.
    static let recipe = """
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
        SELECT c.position FROM chain c JOIN mcledger.events e USING (position)
         WHERE c.computed IS DISTINCT FROM e.hash ORDER BY c.position LIMIT 1
        """

    func seeded(_ body: (Connection) throws -> Void) throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                for index in 0..<12 {
                    try store.append([NewEvent(stream: "s-\(index % 3)", type: "Noted", data: #"{"i": \#(index)}"#)], metadata: meta())
                }
                try body(connection)
            }
        }
    }

    @Test(arguments: ["2026-11-26 BC", "0044-03-15 BC", "infinity", "-infinity", "10000-01-01"])
    func theAppendRefusesADateOutsideTheEra(_ day: String) throws {
        try seeded { connection throws in
            let store = EventStore(connection: connection)
            #expect { try store.append([NewEvent(stream: "s-x", type: "Noted", data: "{}")], metadata: AppendMetadata(actor: "t", occurredOn: day)) }
                throws: { ($0 as? EventStoreError)?.code == .invalidInput }
            #expect(try count(connection) == 12)
        }
    }

    enum Change: String, CaseIterable, Sendable {
        case occurredOnToBC, recordedAtToBC, recordedAtToInfinity, occurredOnToInfinity
    }

    @Test(arguments: Change.allCases)
    func aDateMovedOutOfTheEraBreaksTheChainAtItsPosition(_ change: Change) throws {
        try seeded { connection throws in
            let k = 7
            let update: String = switch change {
            case .occurredOnToBC:
                "UPDATE mcledger.events SET occurred_on = make_date(-extract(year FROM occurred_on)::int, extract(month FROM occurred_on)::int, extract(day FROM occurred_on)::int) WHERE position = \(k)"
            case .recordedAtToBC:
                "UPDATE mcledger.events SET recorded_at = recorded_at - make_interval(years => 2 * extract(year FROM recorded_at AT TIME ZONE 'UTC')::int - 1) WHERE position = \(k)"
            case .recordedAtToInfinity:
                "UPDATE mcledger.events SET recorded_at = 'infinity' WHERE position = \(k)"
            case .occurredOnToInfinity:
                "UPDATE mcledger.events SET occurred_on = 'infinity' WHERE position = \(k)"
            }
            // The owner of the table drops the constraints first: only then can such a value land.
            try connection.withTransaction { tx in
                try tx.simpleQuery("SET LOCAL session_replication_role = replica")
                try tx.simpleQuery("ALTER TABLE mcledger.events DROP CONSTRAINT events_occurred_on_in_era, DROP CONSTRAINT events_recorded_at_in_era")
                try tx.simpleQuery(update)
            }
            // The old form's text of a BC date is the AD text: the hole this closes.
            if change == .occurredOnToBC {
                let old = try connection.execute("SELECT to_char(occurred_on, 'YYYY-MM-DD'), occurred_on::text FROM mcledger.events WHERE position = \(k)").first!
                #expect(old.string(0) == "2026-11-26" && old.string(1)!.hasSuffix("BC"))
            }
            let report = try EventStore(connection: connection).verify()
            #expect(report.firstBadPosition == Int64(k), "\(change): \(report)")
            #expect(try connection.execute(Self.recipe).first?.int(0) == k, "\(change)")
        }
    }
}
