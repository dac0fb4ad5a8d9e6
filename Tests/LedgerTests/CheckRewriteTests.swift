import Foundation
import Postgres
import Testing
import TestSupport

/// schema/022 and 023 rewrote checks whose patterns had a bounded repetition
/// (`{0,63}`, `{1,64}`, `{32}`), which PostgreSQL's regular expressions unroll into a
/// state per count, as an unbounded pattern and a length. Each must accept exactly what
/// the pattern it replaced accepted: over the boundaries and 20,000 seeded strings, half of
/// them of the accepted characters only.
@Suite struct CheckRewriteTests {
    /// The strings no check may tell apart from the old pattern: `boundaries`, then
    /// random ones of `accepted` characters (half) or with others mixed in.
    static func candidates(accepted: String, longest: Int, boundaries: [String]) -> [String] {
        var generator = SeededGenerator(seed: UInt64(longest))
        let good = Array(accepted)
        let others = Array("AZaz09-_. é\n\t/")
        var candidates = boundaries
        for index in 0..<20_000 {
            let length = Int(generator.next() % UInt64(longest + 8))
            let pure = index % 2 == 0
            candidates.append(String((0..<length).map { _ in
                pure || generator.next() % 10 != 0
                    ? good[Int(generator.next() % UInt64(good.count))]
                    : others[Int(generator.next() % UInt64(others.count))]
            }))
        }
        return candidates
    }

    /// How many `candidates` `check` (an expression of `value`) and `old` disagree on, and
    /// how many `old` accepts.
    static func compare(_ connection: Connection, check: String, old: String, _ candidates: [String]) throws -> (disagreements: Int, accepted: Int) {
        let row = try #require(try connection.execute("""
            SELECT count(*) FILTER (WHERE (\(check)) IS DISTINCT FROM (value ~ '\(old)')),
                   count(*) FILTER (WHERE value ~ '\(old)')
              FROM unnest($1::text[]) AS c(value)
            """, [TextArrayParameter(candidates)]).first)
        return (row.int(0) ?? -1, row.int(1) ?? -1)
    }

    /// The expression of a table's check constraint, written in terms of `value`.
    static func constraint(_ connection: Connection, _ table: String, _ name: String, column: String) throws -> String {
        let expression = try #require(try connection.execute(
            "SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2", [table, name]
        ).first?.string(0))
        return expression.replacingOccurrences(of: column, with: "value")
    }

    @Test func thePersonIDCheckAcceptsWhatSchema002Accepted() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let check = try Self.constraint(connection, "mcledger.people", "people_person_id_check", column: "person_id")
                #expect(!check.contains("{0,63}"), "\(check)")
                let a = { (count: Int) in String(repeating: "a", count: count) }
                let candidates = Self.candidates(accepted: "abcdefghijklmnopqrstuvwxyz0123456789-", longest: 64, boundaries: [
                    "", "a", "-", "-a", "a-", "0", "s-1", "s--1", "a\n", "\na", "A", "é", a(63), a(64), a(65), "a" + String(repeating: "-", count: 63),
                    "a" + String(repeating: "-", count: 64),
                ])
                let result = try Self.compare(connection, check: check, old: "^[a-z0-9][a-z0-9-]{0,63}$", candidates)
                #expect(result.disagreements == 0)
                #expect(result.accepted > 5_000)
            }
        }
    }

    @Test func theTextFieldCheckAcceptsWhatSchema015Accepted() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let check = try Self.constraint(connection, "mcledger.event_texts", "event_texts_field_check", column: "field")
                #expect(!check.contains("{1,64}"), "\(check)")
                let x = { (count: Int) in String(repeating: "x", count: count) }
                let candidates = Self.candidates(accepted: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", longest: 64, boundaries: [
                    "", "a", "reason", "deiApproval", "a1", "a-b", "a\n", "é", x(63), x(64), x(65),
                ])
                let result = try Self.compare(connection, check: check, old: "^[A-Za-z]{1,64}$", candidates)
                #expect(result.disagreements == 0)
                #expect(result.accepted > 5_000)
            }
        }
    }

    @Test func theSaltCheckOfRecordTextsAcceptsWhatSchema015Accepted() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let body = try #require(try connection.execute(
                    "SELECT prosrc FROM pg_proc WHERE oid = 'mcledger.record_texts(jsonb)'::regprocedure"
                ).first?.string(0))
                let check = "length(value) = 32 AND value ~ '^[0-9a-f]*$'"
                #expect(body.contains(check.replacingOccurrences(of: "value", with: "r.salt")), "record_texts checks its salts otherwise")
                let f = { (count: Int) in String(repeating: "f", count: count) }
                let candidates = Self.candidates(accepted: "0123456789abcdef", longest: 32, boundaries: [
                    "", f(31), f(32), f(33), f(31) + "F", f(31) + "g", f(31) + "\n", "\n" + f(32), f(32) + "\n",
                ])
                let result = try Self.compare(connection, check: check, old: "^[0-9a-f]{32}$", candidates)
                #expect(result.disagreements == 0)
                #expect(result.accepted > 200)  // a fortieth of the pure half is 32 characters long
            }
        }
    }
}
