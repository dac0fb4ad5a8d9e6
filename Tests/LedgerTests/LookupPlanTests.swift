import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// schema/023: the functions that record what goes beside the log find each entry's
/// event by an index, on a young ledger too. PostgreSQL guesses 100 entries for a jsonb
/// argument, and against a log of a few thousand events that guess made a hash join the
/// cheaper plan for record_texts: every write with a --reason read the whole log.
/// record_names, whose arrays' lengths each call's plan knows, is held to the same.
@Suite struct LookupPlanTests {
    /// How often this transaction has scanned the log whole, and by an index.
    static func scans(_ connection: Connection) throws -> (sequential: Int, indexed: Int) {
        let row = try #require(try connection.execute("""
            SELECT coalesce(seq_scan, 0), coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables
             WHERE relid = 'mcledger.events'::regclass
            """).first)
        return (row.int(0) ?? -1, row.int(1) ?? -1)
    }

    @Test func textsAndNamesFindTheirEventsByIndexOnAYoungLedger() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seedProgram(connection)
                // A log of about 2,000 events: where the planner's guess chose the hash join.
                try handler(connection).handle(batch: (100..<2_100).map { index in
                    .registerPerson(RegisterPerson(person: pid("s-\(index)"), name: "Student \(index)", role: .student, classOf: 2029))
                }, request(), kind: "seed")
                try connection.execute("ANALYZE mcledger.events")
                let event = try #require(try connection.execute(
                    "SELECT event_id::text, position FROM mcledger.events WHERE stream = 'person-s-1000'"
                ).first)
                let eventID = try #require(event.string(0))
                let position = try #require(event.int64(1))
                try connection.withTransaction { connection throws in
                    let before = try Self.scans(connection)
                    // Each call is refused (the registration commits to no text; its name is
                    // recorded), after looking its event up.
                    let calls = [
                        ("SELECT mcledger.record_texts($1::jsonb)",
                         [#"[{"eventId":"\#(eventID)","field":"activity","text":"x","salt":"00112233445566778899aabbccddeeff"}]"#]),
                        ("SELECT mcledger.record_names($1::jsonb)", [#"[{"id":"s-1000","name":"Again","position":\#(position)}]"#]),
                        ("SELECT mcledger.record_names(ARRAY['s-1000'], ARRAY['Again'], ARRAY[\(position)]::bigint[])", []),
                    ]
                    for (sql, parameters) in calls {
                        let outcome = try NamesByArraysTests.outcome(connection, sql, parameters)
                        #expect(outcome.hasPrefix("MCL04"), "\(sql): \(outcome)")
                    }
                    let after = try Self.scans(connection)
                    #expect(after.sequential == before.sequential, "the log was read whole \(after.sequential - before.sequential) times")
                    #expect(after.indexed >= before.indexed + calls.count)
                }
            }
        }
    }
}
