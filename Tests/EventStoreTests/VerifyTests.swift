import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct VerifyTests {
    func seed(_ connection: Connection, events count: Int) throws {
        let store = EventStore(connection: connection)
        for index in 0..<count {
            try store.append(
                [event("s-\(index % 3)", "Noted", #"{"i": \#(index), "text": "caf\u00e9 \"quoted\"\n", "n": 1.50}"#)],
                metadata: AppendMetadata(actor: "actor \(index % 2)", occurredOn: "2026-0\(1 + index % 9)-1\(index % 10)",
                                         commandID: index % 2 == 0 ? "cmd-\(index)" : nil,
                                         correlationID: index % 4 == 0 ? UUID() : nil,
                                         extra: #"{"reason": "because \#(index)"}"#)
            )
        }
    }

    /// Runs `sql` as superuser with the immutability triggers off, as an attacker with
    /// database superuser rights could.
    func tamper(_ connection: Connection, _ sql: String) throws {
        try connection.withTransaction { tx in
            try tx.simpleQuery("SET LOCAL session_replication_role = replica")
            try tx.simpleQuery(sql)
        }
    }

    @Test func anIntactChainVerifies() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seed(connection, events: 30)
                let report = try EventStore(connection: connection).verify()
                #expect(report.isIntact)
                #expect(report.checked == 30)
                #expect(report.lastPosition == 30)
                #expect(report.lastHash == (try EventStore(connection: connection).head().hash))
                #expect(try EventStore(connection: connection).verify(from: 11).checked == 20)
            }
        }
    }

    /// An auditor verifies while administrators keep appending: the log and the recorded
    /// head are read in one snapshot, so an append that commits between reading the last
    /// event and reading the head is not mistaken for deleted events.
    @Test func verifyPassesWhileAppendsContinue() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in try seed(connection, events: 20) }
            let stop = LockedBox(false)
            let writer = Thread {
                _ = try? db.withConnection { connection in
                    let store = EventStore(connection: connection)
                    var index = 0
                    while !stop.withLock({ $0 }) {
                        _ = try store.append([event("w-\(index % 4)")], metadata: meta())
                        index += 1
                    }
                }
            }
            writer.start()
            defer { stop.withLock { $0 = true } }
            var failures: [String] = []
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                for _ in 0..<150 {
                    let report = try store.verify()
                    if !report.isIntact { failures.append(report.problem ?? "?") }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) of 150 verifications failed: \(failures.prefix(3))")
        }
    }

    @Test func anEmptyLedgerVerifies() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let report = try EventStore(connection: connection).verify()
                #expect(report.isIntact)
                #expect(report.checked == 0)
            }
        }
    }

    @Test(arguments: [
        "UPDATE mcledger.events SET data = jsonb_set(data, '{i}', '999') WHERE position = 17",
        "UPDATE mcledger.events SET actor = 'mallory' WHERE position = 17",
        "UPDATE mcledger.events SET occurred_on = occurred_on + 1 WHERE position = 17",
        "UPDATE mcledger.events SET metadata = '{}' WHERE position = 17",
        "UPDATE mcledger.events SET recorded_at = recorded_at + interval '1 microsecond' WHERE position = 17",
        "UPDATE mcledger.events SET stream = 's-9' WHERE position = 17",
    ])
    func aRowAlteredBehindTheTriggersIsNamed(sql: String) throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seed(connection, events: 25)
                try tamper(connection, sql)
                let report = try EventStore(connection: connection).verify()
                #expect(report.firstBadPosition == 17)
                #expect(report.checked == 16)
            }
        }
    }

    @Test func swappedEventsAreCaughtAtTheFirstSwappedPosition() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seed(connection, events: 12)
                try tamper(connection, """
                    UPDATE mcledger.events SET position = 1000000 WHERE position = 5;
                    UPDATE mcledger.events SET position = 5 WHERE position = 8;
                    UPDATE mcledger.events SET position = 8 WHERE position = 1000000;
                    """)
                #expect(try EventStore(connection: connection).verify().firstBadPosition == 5)
            }
        }
    }

    @Test func aDeletedMiddleEventIsAGap() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seed(connection, events: 12)
                try tamper(connection, "DELETE FROM mcledger.events WHERE position = 6")
                let report = try EventStore(connection: connection).verify()
                #expect(report.firstBadPosition == 6)
                #expect(report.problem?.contains("missing") == true)
            }
        }
    }

    @Test func aDeletedNewestEventIsCaughtAgainstTheRecordedHead() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seed(connection, events: 12)
                try tamper(connection, "DELETE FROM mcledger.events WHERE position >= 11")
                let report = try EventStore(connection: connection).verify()
                #expect(report.firstBadPosition == 11)
                #expect(report.problem?.contains("recorded head is 12") == true)
            }
        }
    }

    /// The Swift verifier and the plain-SQL recipe of schema/001 agree byte for byte.
    @Test func swiftAndSQLCanonicalFormsAgreeAtEveryPosition() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seed(connection, events: 200)
                let sqlForms = try sqlCanonicalForms(connection)
                let events = try EventStore(connection: connection).events()
                #expect(events.count == 200)
                for (event, sqlForm) in zip(events, sqlForms) {
                    #expect(CanonicalForm.bytes(of: event) == Array(sqlForm.utf8), "position \(event.position)")
                }
                // And the recipe's recursive CTE finds no mismatch.
                let recipe = try sqlRecipeMismatches(connection)
                #expect(recipe.mismatches == 0)
                #expect(recipe.events == 200)
            }
        }
    }
}
