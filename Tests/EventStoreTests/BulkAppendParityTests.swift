import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// schema/019 and schema/021 rewrote mcledger.append_bulk to check an import's rows for
/// less work; these tests hold the body the log has now to schema/016's and schema/019's,
/// run beside them on the same rows: every tampered append is refused by each with the
/// same SQLSTATE, message and detail, and every sound one answers the same row.
@Suite struct BulkAppendParityTests {
    /// An earlier migration's append_bulk as a function of this session
    /// (`pg_temp.append_bulk_0NN`), to run beside the one the log has now.
    static func install(_ version: Int, _ connection: Connection) throws {
        let sql = try #require(EventStoreSchema.migrations.first { migration in migration.version == version }?.sql)
        let start = try #require(sql.range(of: "FUNCTION mcledger.append_bulk("))
        let end = try #require(sql.range(of: "\n$$;", range: start.upperBound..<sql.endIndex))
        let body = "CREATE " + sql[start.lowerBound..<end.upperBound]
            .replacingOccurrences(of: "FUNCTION mcledger.append_bulk(", with: "FUNCTION pg_temp.append_bulk_0\(version)(")
        try connection.simpleQuery(body)
    }

    /// What a call answered: its row, or its error.
    enum Outcome: Equatable, CustomStringConvertible {
        case appended(String)
        case refused(code: String?, message: String, detail: String?)

        var description: String {
            switch self {
            case .appended(let row): "appended \(row)"
            case .refused(let code, let message, let detail): "refused \(code ?? "-"): \(message) \(detail ?? "")"
            }
        }
    }

    /// Calls `function` over the staged rows inside a savepoint that is rolled back, so
    /// the other body sees the same log.
    static func call(_ function: String, _ connection: Connection, _ bulk: ChainedBulk, expected: String) throws -> Outcome {
        try connection.simpleQuery("SAVEPOINT parity")
        defer { _ = try? connection.simpleQuery("ROLLBACK TO SAVEPOINT parity") }
        do {
            let row = try connection.execute("""
                SELECT first_position, last_position, events, replayed FROM \(function)(
                    ARRAY(SELECT ROW(c.*)::mcledger.bulk_event FROM pg_temp.mcledger_chained c ORDER BY c.position),
                    $1::jsonb, 'bulk-1', 'import-digest', 'tester', NULL, DATE '2026-11-26', $2::timestamptz)
                """, [expected, bulk.recordedAt]).first
            return .appended((0..<4).map { column in row?.string(column) ?? "null" }.joined(separator: " "))
        } catch let error as PostgresError {
            return .refused(code: error.code?.rawValue, message: error.message, detail: error.detail)
        }
    }

    /// Stages `ChainedBulkTests.events` after one event on `s-a`, lets `tamper` change
    /// the rows, and returns what each body answers: schema/016's, schema/019's, the log's.
    static func all(expected: String = #"{"s-a": 1}"#, tamper: String?, rechain: Bool) throws -> (original: Outcome, lean: Outcome, current: Outcome) {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try EventStore(connection: connection).append([event("s-a")], metadata: meta())
                return try connection.withTransaction { connection throws in
                    try install(16, connection)
                    try install(19, connection)
                    let bulk = try EventStore(connection: connection).beginChained(metadata: ChainedBulkTests.metadata)
                    let events = ChainedBulkTests.events
                    for start in stride(from: 0, to: events.count, by: 1_000) {
                        try bulk.send(Array(events[start..<min(start + 1_000, events.count)])) { _ in 0 }
                    }
                    if let tamper { try connection.simpleQuery(tamper) }
                    if rechain { try ChainedBulkTests.rechain(connection, bulk) }
                    return (try call("pg_temp.append_bulk_016", connection, bulk, expected: expected),
                            try call("pg_temp.append_bulk_019", connection, bulk, expected: expected),
                            try call("mcledger.append_bulk", connection, bulk, expected: expected))
                }
            }
        }
    }

    /// Each case: a change to the staged rows, and whether their chain is recomputed after
    /// it (so only the other checks can refuse).
    static let cases: [(tamper: String?, rechain: Bool)] = [
        (nil, false),
        ("UPDATE pg_temp.mcledger_chained SET data = '{\"row\": -1}' WHERE position = 1500", false),
        ("UPDATE pg_temp.mcledger_chained SET hash = NULL WHERE position = 3001", false),
        (#"UPDATE pg_temp.mcledger_chained SET metadata = metadata || '{"login": "someone-else"}' WHERE position = 10"#, true),
        (#"UPDATE pg_temp.mcledger_chained SET metadata = metadata - 'login' WHERE position = 11"#, true),
        ("UPDATE pg_temp.mcledger_chained SET version = version + 1 WHERE stream = 'bulk-2'", true),
        ("UPDATE pg_temp.mcledger_chained SET version = 7 - version WHERE stream = 'bulk-4' AND version IN (3, 4)", true),
        ("UPDATE pg_temp.mcledger_chained SET position = position + 5000 WHERE position = 2500", true),
        ("UPDATE pg_temp.mcledger_chained SET position = NULL WHERE position = 2600", false),
        ("UPDATE pg_temp.mcledger_chained SET stream = 'bulk-9' WHERE position = 700", true),
        ("UPDATE pg_temp.mcledger_chained SET stream = NULL WHERE position = 800", false),
        // Wrong in two ways at once, and wrong at two rows: the same one named.
        (#"UPDATE pg_temp.mcledger_chained SET metadata = '{"login": "x"}', version = version + 1 WHERE position = 40"#, false),
        (#"UPDATE pg_temp.mcledger_chained SET version = version + 1 WHERE position = 900; UPDATE pg_temp.mcledger_chained SET data = '{}' WHERE position = 300"#, false),
        ("UPDATE pg_temp.mcledger_chained SET position = position + 1", true),
    ]

    @Test(arguments: 0..<cases.count)
    func theCurrentBodyAnswersAsSchema016sAnd019s(_ index: Int) throws {
        let (tamper, rechain) = Self.cases[index]
        let outcome = try Self.all(tamper: tamper, rechain: rechain)
        #expect(outcome.original == outcome.current, "\(tamper ?? "untouched")")
        #expect(outcome.lean == outcome.current, "\(tamper ?? "untouched")")
        if tamper == nil {
            #expect(outcome.current == .appended("2 3001 3000 f"))
        } else {
            #expect(outcome.current != .appended("2 3001 3000 f"), "\(tamper ?? "")")
        }
    }

    @Test func staleExpectedVersionsAreTheSameConflict() throws {
        for expected in [#"{"s-a": 0}"#, #"{"s-a": 1, "bulk-3": 2}"#, #"{"s-a": 1, "bulk-3": 0}"#, #"{"s-a": null}"#] {
            let outcome = try Self.all(expected: expected, tamper: nil, rechain: false)
            #expect(outcome.original == outcome.current, "\(expected)")
            #expect(outcome.lean == outcome.current, "\(expected)")
        }
    }
}
