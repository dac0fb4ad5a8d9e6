import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// Rewrites behind the triggers' back, by a superuser: verify names the position, or,
/// for a consistent rewrite, a digest kept outside the database shows it.
@Suite struct TamperTests {
    func seeded(_ body: (Connection) throws -> Void) throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                for index in 0..<20 {
                    try store.append([NewEvent(stream: "s-\(index % 4)", type: "Noted", data: #"{"i": \#(index)}"#)], metadata: meta())
                }
                try body(connection)
            }
        }
    }

    func asSuperuserWithoutTriggers(_ connection: Connection, _ sql: String) throws {
        try connection.withTransaction { tx in
            try tx.simpleQuery("SET LOCAL session_replication_role = replica")
            try tx.simpleQuery(sql)
        }
    }

    @Test func aForgedEventInsertedMidChainIsNamed() throws {
        try seeded { connection in
            try asSuperuserWithoutTriggers(connection, """
                UPDATE mcledger.events SET position = position + 1000 WHERE position >= 8;
                UPDATE mcledger.events SET position = position - 999 WHERE position >= 1008;
                INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data, metadata, actor, occurred_on, recorded_at, hash)
                SELECT 8, 'forged', 1, gen_random_uuid(), 'StipendPaid', 1, '{"amount": 250000}', '{}', 'mallory', '2026-11-26', now(),
                       sha256(hash || 'forged'::bytea) FROM mcledger.events WHERE position = 7;
                UPDATE mcledger.ledger_head SET position = 21;
                """)
            let report = try EventStore(connection: connection).verify()
            #expect(report.firstBadPosition == 8)
        }
    }

    @Test func aConsistentRewritePassesVerifyButNotTheKeptDigest() throws {
        try seeded { connection in
            let store = EventStore(connection: connection)
            let kept = try store.head()  // what an auditor keeps outside the database
            // Rewrite event 5 and recompute every later hash and the head, with the
            // canonical form of schema/001: the chain is consistent again.
            try asSuperuserWithoutTriggers(connection, """
                UPDATE mcledger.events SET data = '{"i": 999}' WHERE position = 5;
                DO $$
                DECLARE r record; prev bytea;
                BEGIN
                    SELECT hash INTO prev FROM mcledger.events WHERE position = 4;
                    FOR r IN SELECT * FROM mcledger.events WHERE position >= 5 ORDER BY position LOOP
                        prev := sha256(prev || convert_to(mcledger.canonical_form(r.position, r.stream, r.version, r.event_id,
                            r.type, r.schema_version, r.occurred_on, r.recorded_at, r.actor, r.command_id, r.correlation_id,
                            r.data, r.metadata), 'UTF8'));
                        UPDATE mcledger.events SET hash = prev WHERE position = r.position;
                    END LOOP;
                    UPDATE mcledger.ledger_head SET hash = prev;
                END $$;
                """)
            // The documented limitation: inside the database the rewrite is consistent ...
            #expect(try store.verify().isIntact)
            // ... and the digest kept outside shows it.
            let now = try store.head()
            #expect(now.position == kept.position)
            #expect(now.hash != kept.hash)
        }
    }

    @Test func hostileTextIsStoredAsDataNeverRunAsSQL() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let hostile = [
                    "'); DROP TABLE mcledger.events; --", "\" OR 1=1 --", "$$; DELETE FROM mcledger.events; $$",
                    "c-\u{202E}latinx", "tab\tnew\nline\\back", String(repeating: "x", count: 150), "🧑‍⚕️ Dr. O'Brien",
                ]
                for (index, text) in hostile.enumerated() {
                    let data = #"{"note": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#
                    try store.append(
                        [NewEvent(stream: StreamName(text), type: text, data: data)],
                        metadata: AppendMetadata(actor: text, occurredOn: "2026-11-26", commandID: "\(index)-\(text)", extra: #"{"reason": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#)
                    )
                }
                let events = try store.events()
                #expect(events.map(\.stream.rawValue) == hostile)
                #expect(events.map(\.type) == hostile)
                #expect(events.map(\.actor) == hostile)
                #expect(try count(connection) == hostile.count)
                #expect(try store.verify().isIntact)
            }
        }
    }
}
