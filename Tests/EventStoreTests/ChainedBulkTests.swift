import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// The fast path of an import (schema/016): the client numbers and chains its events, and
/// mcledger.append_bulk recomputes every hash and refuses the whole append for one wrong
/// row, login, time or version, writing nothing.
@Suite struct ChainedBulkTests {
    /// Events of a few streams with payloads jsonb prints otherwise than they were sent.
    static let events = (0..<3_000).map { index in
        NewEvent(
            stream: "bulk-\(index % 7)", type: "Imported",
            data: #"{"row":\#(index),"name":"tab\there \u00e9 \/ 李","nested":{"zz":1,"a":[1.50,2e2,-0]},"a":true}"#,
            metadata: index % 500 == 0 ? #"{"postCloseAdjustment":true}"# : nil
        )
    }

    static let metadata = AppendMetadata(actor: "tester", occurredOn: "2026-11-26", commandID: "bulk-1", fingerprint: "import-digest")

    /// Appends `events` chained here, after letting `tamper` change the staged rows.
    @discardableResult
    static func chained(
        _ connection: Connection, _ events: [NewEvent] = events, expecting expected: [StreamName: Int] = [:],
        metadata: AppendMetadata = Self.metadata, tamper: (Connection, ChainedBulk) throws -> Void = { _, _ in }
    ) throws -> BulkAppendResult {
        try connection.withTransaction { connection throws in
            let bulk = try EventStore(connection: connection).beginChained(metadata: metadata)
            var versions: [StreamName: Int] = [:]
            for start in stride(from: 0, to: events.count, by: 1_000) {
                try bulk.send(Array(events[start..<min(start + 1_000, events.count)])) { stream in
                    versions[stream] = expected[stream] ?? 0
                    return expected[stream] ?? 0
                }
            }
            try tamper(connection, bulk)
            return try bulk.finish(expecting: expected)
        }
    }

    /// Recomputes the staged rows' hashes with schema/001's recipe, so a tampered row
    /// carries a chain that holds: only the server's other checks can refuse it.
    static func rechain(_ connection: Connection, _ bulk: ChainedBulk, actor: String = "tester", command: String? = "bulk-1") throws {
        try connection.execute("""
            WITH RECURSIVE c("position", h) AS (
                SELECT h.position, h.hash FROM mcledger.ledger_head h
              UNION ALL
                SELECT s.position, sha256(c.h || convert_to(mcledger.canonical_form(s.position, s.stream, s.version, s.event_id,
                       s.type, s.schema_version, DATE '2026-11-26', $1::timestamptz, $2, $3, NULL, s.data, s.metadata), 'UTF8'))
                  FROM c JOIN pg_temp.mcledger_chained s ON s.position = c.position + 1
            )
            UPDATE pg_temp.mcledger_chained t SET hash = c.h FROM c WHERE t.position = c.position
            """, [bulk.recordedAt, actor, command])
    }

    @Test func theClientsChainIsTheServersAndRepeatsAnswerTheFirstRange() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append([event("s-a")], metadata: meta())
                let result = try Self.chained(connection, expecting: ["s-a": 1])
                #expect(result == BulkAppendResult(firstPosition: 2, lastPosition: 3_001, count: 3_000, replayed: false))
                #expect(try store.verify().isIntact)
                #expect(try sqlRecipeMismatches(connection) == (0, 3_001))
                #expect(try store.read(stream: "bulk-3").events.map(\.version) == Array(1...429))
                #expect(try store.read(stream: "bulk-0").events.first?.metadata.contains("postCloseAdjustment") == true)
                let again = try Self.chained(connection, expecting: ["s-a": 1])
                #expect(again == BulkAppendResult(firstPosition: 2, lastPosition: 3_001, count: 3_000, replayed: true))
                #expect(try logShape(connection).count == 3_001)
            }
        }
    }

    @Test func oneWrongHashRefusesTheWholeAppend() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let error = #expect(throws: EventStoreError.self) {
                    try Self.chained(connection) { connection, _ in
                        try connection.execute("UPDATE pg_temp.mcledger_chained SET data = '{\"row\": -1}' WHERE position = 1500")
                    }
                }
                #expect(error?.code == .invalidInput)
                #expect(error?.message.contains("position 1500") == true)
                #expect(try logShape(connection).count == 0)
                #expect(try connection.execute("SELECT position FROM mcledger.ledger_head").first?.int(0) == 0)
            }
        }
    }

    @Test func aForgedLoginIsRefusedEvenWithItsChainRight() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let error = #expect(throws: EventStoreError.self) {
                    try Self.chained(connection) { connection, bulk in
                        try connection.execute(#"UPDATE pg_temp.mcledger_chained SET metadata = metadata || '{"login": "someone-else"}' WHERE position = 10"#)
                        try Self.rechain(connection, bulk)
                    }
                }
                #expect(error?.message.contains("login") == true)
                #expect(try logShape(connection).count == 0)
            }
        }
    }

    @Test func aTimeOutsideTheTransactionIsRefused() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try connection.withTransaction { connection throws in
                    let bulk = try EventStore(connection: connection).beginChained(metadata: Self.metadata)
                    try bulk.send(Array(Self.events.prefix(10))) { _ in 0 }
                    try Self.rechain(connection, bulk)
                    let error = #expect(throws: PostgresError.self) {
                        try connection.execute("""
                            SELECT * FROM mcledger.append_bulk(ARRAY(SELECT ROW(c.*)::mcledger.bulk_event FROM pg_temp.mcledger_chained c ORDER BY c.position),
                                '{}', 'bulk-1', 'f', 'tester', NULL, DATE '2026-11-26', TIMESTAMPTZ '2020-01-01 00:00:00+00')
                            """)
                    }
                    #expect(error?.message.contains("not a time of this transaction") == true)
                }
                #expect(try logShape(connection).count == 0)
            }
        }
    }

    @Test func aStaleExpectedVersionOrAMovedHeadIsAConflict() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append([event("s-a")], metadata: meta())
                let stale = #expect(throws: EventStoreError.self) {
                    try Self.chained(connection, expecting: ["s-a": 0])
                }
                #expect(stale?.code == .concurrencyConflict)
                try db.withConnection { other throws in
                    let moved = #expect(throws: EventStoreError.self) {
                        try Self.chained(connection) { _, _ in
                            try EventStore(connection: other).append([event("s-b")], metadata: meta())
                        }
                    }
                    #expect(moved?.code == .concurrencyConflict)
                }
                #expect(try logShape(connection).count == 2)
            }
        }
    }

    @Test func aVersionThatSkipsIsRefused() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let error = #expect(throws: EventStoreError.self) {
                    try Self.chained(connection) { connection, bulk in
                        try connection.execute("UPDATE pg_temp.mcledger_chained SET version = version + 1 WHERE stream = 'bulk-2'")
                        try Self.rechain(connection, bulk)
                    }
                }
                #expect(error?.message.contains("version") == true)
                #expect(try logShape(connection).count == 0)
            }
        }
    }

    @Test func jsonIsPrintedAsJsonbPrintsIt() throws {
        let samples = [
            #"{"b":1,"a":2,"aa":[],"":{},"b":3}"#, #"[1.50, 2e2, -0, -0.0, 1E-3, 0.5e1, 12345678901234567890, -12.5E+2]"#,
            #""tab\t nl\n cr\r bs\b ff\f \u0001 \u001f \u00e9 \ud83d\ude00 \/ \\ \"""#, #"{"zé":null,"z":true,"é":false}"#,
            #"  { "x" : [ { } , [ ] , "" ] }  "#, "\"\u{7F}\u{2028}李\"",
        ]
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                for sample in samples {
                    let server = try connection.execute("SELECT $1::jsonb::text", [sample]).first?.string(0)
                    #expect(JSONBText.normalize(sample) == server, "\(sample)")
                }
                let merged = try connection.execute(#"SELECT ('{"b": 1, "login": "x"}'::jsonb || '{"a": [2]}'::jsonb || '{"login": "y"}'::jsonb)::text"#).first?.string(0)
                #expect(JSONBText.merge([#"{"b":1,"login":"x"}"#, #"{"a":[2]}"#, #"{"login":"y"}"#]) == merged)
            }
        }
        #expect(JSONBText.normalize(#"{"a":1"#) == nil)
        #expect(JSONBText.normalize(#""\u0000""#) == nil)
        #expect(JSONBText.normalize("01") == nil)
    }
}
