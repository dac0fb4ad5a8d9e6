import EventStore
import Foundation
import Mentoring
import Postgres
@testable import Projections
import Testing
import TestSupport
import Migrations

/// The rebuild's second connection (its reader thread) and the audit trail's runs.
@Suite struct RebuildTests {
    /// Sessions connected to the test database, seen from a connection of their own.
    func sessions(_ db: TestDatabase) throws -> Int {
        try db.withConnection { observer in
            try observer.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()").first?.int(0) ?? -1
        }
    }

    /// Waits (up to 5 s) for a closed session's backend to exit.
    func settle(_ db: TestDatabase, to expected: Int) throws -> Int {
        var count = try sessions(db)
        for _ in 0..<50 where count != expected {
            Thread.sleep(forTimeInterval: 0.1)
            count = try sessions(db)
        }
        return count
    }

    @Test func theReaderThreadClosesItsConnectionWhetherTheRebuildEndsOrIsCancelled() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let idle = try sessions(db)
                try runner(connection).rebuild(chunkSize: 4)
                #expect(try settle(db, to: idle) == idle)
                var calls = 0
                #expect(throws: ProjectionError.self) {
                    try runner(connection).rebuild(chunkSize: 2) { calls += 1; return calls < 4 }
                }
                #expect(try settle(db, to: idle) == idle)
            }
        }
    }

    /// An event no projector can read, in the middle of a community's stream (issue 12):
    /// catching up and rebuilding (whose reader thread meets it) quarantine it by position
    /// and go on, with the rows the rest of the log gives; the checkpoint passes it.
    @Test func anUnreadableEventIsQuarantinedAndCatchUpAndRebuildGoOn() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let stream = try #require(try connection.execute("SELECT min(stream) FROM mcledger.events WHERE stream LIKE 'community-%'").first?.string(0))
                try runner(connection).catchUp()
                let before = try dump(connection)
                let bad = try EventStore(connection: connection).append(
                    [NewEvent(stream: StreamName(stream), type: "StudentTeleported", schemaVersion: 1, data: #"{"student": "s-1"}"#)],
                    metadata: AppendMetadata(actor: "admin", occurredOn: "2025-09-01")
                )
                let position = bad.positions[0]
                try runner(connection).catchUp()
                #expect(try dump(connection) == before)
                #expect(try ProjectionRunner.status(connection: connection).map(\.checkpoint) == [position, position, position])
                let quarantined = try ProjectionRunner.quarantine(connection: connection)
                #expect(quarantined.map(\.position) == [position])
                #expect(quarantined.first?.problem == "unknown event type 'StudentTeleported' (schema version 1)")
                #expect(quarantined.first?.resolvedBy == nil)
                try runner(connection).rebuild(chunkSize: 1)
                #expect(try dump(connection) == before)
                #expect(try ProjectionRunner.status(connection: connection).map(\.generation) == ["b", "b", "b"])
                #expect(try ProjectionRunner.quarantine(connection: connection).map(\.position) == [position])
                let verification = try ReadModelVerifier(connection: connection, today: testToday).verify()
                #expect(verification.holds, "\(verification.differences)")
                #expect(verification.rowsCompared > 0)
            }
        }
    }

    /// A rebuild folds each community with the people it names, read with the chunk in
    /// which the community ends (`RebuildReader`): whatever the chunks' size, so wherever
    /// a community's stream is cut between chunks, the rows are those of catching up.
    @Test(arguments: [1, 3, 7, 64, 20_000])
    func everyChunkSizeRebuildsTheRowsOfCatchingUp(chunkSize: Int) throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                try runner(connection).catchUp()
                let caughtUp = try dump(connection)
                try runner(connection).rebuild(chunkSize: chunkSize)
                #expect(try dump(connection) == caughtUp)
                let verification = try ReadModelVerifier(connection: connection, today: testToday).verify()
                #expect(verification.holds, "\(verification.differences)")
            }
        }
    }

    @Test func theTrailIsStoredAsRunsAndReadAsOneRowPerEvent() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                try runner(connection).rebuild()
                let pairs = try connection.execute("SELECT count(*), count(DISTINCT (subject, position)) FROM mcledger.audit_subjects").first!
                let runs = try connection.execute("SELECT count(*) FROM mcledger.audit_subjects_b").first?.int(0) ?? 0
                #expect(pairs.int(0) == pairs.int(1))
                #expect(runs > 0 && runs * 3 < pairs.int(0)!)
                // Every event but the program's own names someone or something.
                let missing = try connection.execute("""
                    SELECT count(*) FROM mcledger.events e
                     WHERE e.stream <> 'program' AND NOT EXISTS (SELECT 1 FROM mcledger.audit_subjects s WHERE s.position = e.position)
                    """).first?.int(0)
                #expect(missing == 0)
            }
        }
    }

    /// Catching up from far behind rebuilds (the generation flips); a short lag folds
    /// batch by batch; and while another process holds a rebuild, it folds batch by batch.
    @Test func aFarBehindCatchUpRebuildsAndAShortOneFoldsInBatches() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let head = try EventStore(connection: connection).head().position
                let runner = runner(connection, batchSize: 3)
                #expect(head >= ProjectionRunner.rebuildLag(head: head, batchSize: 3))
                let folded = try runner.catchUp(rebuildingWhenFarBehind: true)
                var statuses = try ProjectionRunner.status(connection: connection)
                #expect(statuses.map(\.generation) == ["b", "b", "b"])
                #expect(statuses.allSatisfy { $0.lagEvents == 0 })
                #expect(folded.values.allSatisfy { Int64($0) == head })

                // A short lag: folded into the active generation.
                let script = Script(connection)
                try script.run(.establishCommunity(EstablishCommunity(community: cid("c-late"), name: "Late", focus: .general)), on: "2026-06-01")
                try runner.catchUp(rebuildingWhenFarBehind: true)
                statuses = try ProjectionRunner.status(connection: connection)
                #expect(statuses.map(\.generation) == ["b", "b", "b"])
                #expect(statuses.allSatisfy { $0.lagEvents == 0 })
            }
        }
    }

    @Test func whileARebuildRunsElsewhereAFarBehindCatchUpFoldsInBatches() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let other = try db.connect()
                defer { other.close() }
                for projector in ProjectorName.allCases {
                    try other.execute("SELECT pg_advisory_lock($1::bigint)", [projector.rebuildLockKey])
                }
                try runner(connection, batchSize: 3).catchUp(rebuildingWhenFarBehind: true)
                let statuses = try ProjectionRunner.status(connection: connection)
                #expect(statuses.map(\.generation) == ["a", "a", "a"])
                #expect(statuses.allSatisfy { $0.lagEvents == 0 })
            }
        }
    }

    /// A database projected under schema 3 (one row per subject and event) migrates to 4
    /// and folds the audit trail again; the result equals a rebuild's.
    @Test func migrating003To004FoldsTheAuditTrailAgain() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection in
                try Migrator(migrations: Migrator.all.migrations.filter { $0.version <= 3 }).migrate(connection)
                _ = try ScriptedYear.write(connection)
                // Schema 3's projector wrote (subject, position) rows; emulate a few.
                try connection.execute("INSERT INTO mcledger.audit_subjects_a (subject, position) SELECT 'c-x', position FROM mcledger.events LIMIT 3")
                try connection.execute("UPDATE mcledger.projection_checkpoints SET position = 3 WHERE projector = 'audit'")
                try Migrator.all.migrate(connection)
                #expect(try connection.execute("SELECT position FROM mcledger.projection_checkpoints WHERE projector = 'audit' AND generation = 'a'").first?.int64(0) == 0)
                try runner(connection).catchUp()
                let caughtUp = try dump(connection)
                try runner(connection).rebuild()
                #expect(try dump(connection) == caughtUp)
                #expect(caughtUp["audit_subjects"]?.isEmpty == false)
            }
        }
    }
}
