import Foundation
import Postgres
import Testing
import TestSupport

/// A superuser rewrites the log behind the triggers' back; `mcledger verify`, as an
/// auditor runs it, exits 1 and names the first position that no longer holds.
@Suite struct CLITamperTests {
    enum Tampering: String, CaseIterable, Sendable {
        case altered, inserted, reordered, deletedMidChain, deletedNewest
    }

    /// The SQL of each tampering at position `k` of a log of `n` events, and the position
    /// verify must name.
    static func tamper(_ kind: Tampering, k: Int, n: Int) -> (sql: String, named: Int) {
        switch kind {
        case .altered:
            return ("UPDATE mcledger.events SET data = jsonb_set(data, '{forged}', 'true') WHERE position = \(k)", k)
        case .inserted:
            return ("""
                UPDATE mcledger.events SET position = position + 100000 WHERE position >= \(k);
                UPDATE mcledger.events SET position = position - 99999 WHERE position >= 100000;
                INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data, metadata, actor, occurred_on, recorded_at, hash)
                SELECT \(k), 'community-c-latinx', 999, gen_random_uuid(), 'StipendPaid', 1, '{"amount": "2500.00"}', '{}', 'mallory', '2026-11-26', now(),
                       sha256(hash || 'forged'::bytea) FROM mcledger.events WHERE position = \(k - 1);
                UPDATE mcledger.ledger_head SET position = \(n + 1);
                """, k)
        case .reordered:
            return ("""
                UPDATE mcledger.events SET position = 1000000 WHERE position = \(k);
                UPDATE mcledger.events SET position = \(k) WHERE position = \(k + 3);
                UPDATE mcledger.events SET position = \(k + 3) WHERE position = 1000000;
                """, k)
        case .deletedMidChain:
            return ("DELETE FROM mcledger.events WHERE position = \(k)", k)
        case .deletedNewest:
            // The recorded head still names position n: the log no longer reaches it.
            return ("DELETE FROM mcledger.events WHERE position > \(n - 3)", n - 2)
        }
    }

    @Test(arguments: Tampering.allCases)
    func verifyNamesThePositionOfEachTampering(_ kind: Tampering) throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 8, seated: 6, leader: true)
            let n = try target.fingerprint().events
            #expect(try target.verifies())
            let k = n / 2
            let (sql, named) = Self.tamper(kind, k: k, n: n)
            try db.withConnection { connection in
                try connection.withTransaction { tx in
                    try tx.simpleQuery("SET LOCAL session_replication_role = replica")
                    try tx.simpleQuery(sql)
                }
            }
            let text = try target.run(["verify"])
            #expect(text.status == 1, "\(kind): \(text.stdout) \(text.stderr)")
            let shown = text.stdout.firstMatch(of: #/BROKEN at position (\d+)/#).map { Int($0.1)! }
            #expect(shown == named, "\(kind): \(text.stdout)")
            #expect(text.stderr == "mcledger: the hash chain is broken; see above\n")
            let json = try target.run(["verify", "--format", "json"])
            #expect(json.status == 1)
            #expect(json.stdout.contains(#""ok":false"#) && json.stdout.contains(#""firstBadPosition":\#(named)"#), "\(json.stdout)")
            Tally.report("CLI verify after the log was \(kind.rawValue) at \(named)", events: n, lost: 0)
        }
    }
}
