import EventCodec
import EventStore
import Foundation
import Mentoring
import Postgres
@testable import Projections
import Testing
import TestSupport

@Suite struct RunnerTests {
    @Test func rebuildFromZeroGivesTheRowsOfIncrementalCatchUp() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                // Catch up after every few events, as writes do, while the year is written.
                let incremental = runner(connection, batchSize: 3)
                _ = try ScriptedYear.write(connection)
                try incremental.catchUp()
                let caughtUp = try dump(connection)
                #expect(caughtUp["compliance_findings"]?.filter { $0.hasPrefix("(2025-26,") }.count == 18)
                #expect(caughtUp["roster_tenures"]?.isEmpty == false)

                let report = try runner(connection).rebuild()
                #expect(report.head == (try EventStore(connection: connection).head().position))
                #expect(try dump(connection) == caughtUp)
                let statuses = try ProjectionRunner.status(connection: connection)
                #expect(statuses.map(\.generation) == ["b", "b", "b"])
                #expect(statuses.allSatisfy { $0.lagEvents == 0 })
                // The swapped-out generation was emptied.
                #expect(try connection.execute("SELECT count(*) FROM mcledger.roster_tenures_a").first?.int(0) == 0)
            }
        }
    }

    @Test func incrementalAfterEachWriteEqualsOneCatchUpAtTheEnd() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                // A ledger written with a catch-up after every append (the write path's way).
                _ = try ScriptedYear.write(connection)
                let head = try EventStore(connection: connection).head().position
                let stepwise = runner(connection, batchSize: 1)
                for _ in 0..<head { _ = try connection.withTransaction { _ in try stepwise.catchUpBatch(.compliance, generation: nil) } }
                for _ in 0..<head { _ = try connection.withTransaction { _ in try stepwise.catchUpBatch(.roster, generation: nil) } }
                for _ in 0..<head { _ = try connection.withTransaction { _ in try stepwise.catchUpBatch(.audit, generation: nil) } }
                let oneByOne = try dump(connection)
                try runner(connection).rebuild()
                #expect(try dump(connection) == oneByOne)
            }
        }
    }

    /// A follower's wake-ups: small batches in a row, all three projectors sharing one
    /// cache of folded states, which moves the states no batch touches along with the
    /// batches instead of reading their streams again: the rows still equal a rebuild's.
    @Test func followerWakeUpsWithOneCacheEqualARebuild() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let follower = runner(connection, batchSize: 3)
                var reads = 0
                while reads < 10_000 {
                    let folded = try connection.withTransaction { _ in
                        try ProjectorName.allCases.map { projector in
                            try follower.catchUpBatch(projector, generation: nil, cache: follower.foldCache)
                        }
                    }
                    reads += 1
                    if folded.allSatisfy({ count in count == 0 }) { break }
                }
                #expect(!follower.foldCache.communities.isEmpty)
                let followed = try dump(connection)
                try runner(connection).rebuild()
                #expect(try dump(connection) == followed)
            }
        }
    }

    /// GUARANTEES 25: a projector dies after writing a batch's rows and before COMMIT;
    /// the restart redoes that batch once, and the result equals a rebuild.
    @Test func aProjectorKilledBetweenRowsAndCommitResumesWithoutDuplicatesOrGaps() throws {
        struct Killed: Error {}
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let first = runner(connection, batchSize: 7)
                for projector in ProjectorName.allCases {
                    // Two batches commit…
                    for _ in 0..<2 { _ = try connection.withTransaction { _ in try first.catchUpBatch(projector, generation: nil) } }
                    // …the third writes its rows and dies before COMMIT.
                    #expect(throws: Killed.self) {
                        try connection.withTransaction { _ in
                            #expect(try first.catchUpBatch(projector, generation: nil) == 7)
                            throw Killed()
                        }
                    }
                }
                #expect(try ProjectionRunner.status(connection: connection).map(\.checkpoint) == [14, 14, 14])
                // A new process resumes from the checkpoints.
                try db.withConnection { other in try runner(other, batchSize: 5).catchUp() }
                let resumed = try dump(connection)
                try runner(connection).rebuild()
                #expect(try dump(connection) == resumed)
            }
        }
    }

    /// The same with a real SIGKILL of the CLI in the middle of a catch-up.
    @Test func sigkillDuringCatchUpThenRestart() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let process = Process()
                process.executableURL = mcledgerBinary()
                process.arguments = ["projections", "catch-up", "--database", db.uri]
                process.environment = ProcessInfo.processInfo.environment.merging(["MCLEDGER_TODAY": testToday.description]) { $1 }
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                Thread.sleep(forTimeInterval: 0.15)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let result = try runCLI(["projections", "catch-up", "--database", db.uri], environment: ["MCLEDGER_TODAY": testToday.description])
                #expect(result.status == 0)
                let resumed = try dump(connection)
                try runner(connection).rebuild()
                #expect(try dump(connection) == resumed)
            }
        }
    }

    @Test func aCancelledRebuildLeavesTheActiveGenerationAlone() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                try runner(connection).catchUp()
                let before = try dump(connection)
                var calls = 0
                #expect(throws: ProjectionError.self) {
                    try runner(connection).rebuild(chunkSize: 5) { calls += 1; return calls < 3 }
                }
                #expect(try dump(connection) == before)
                #expect(try ProjectionRunner.status(connection: connection).map(\.generation) == ["a", "a", "a"])
            }
        }
    }

    @Test func olderSchemaVersionsAreUpcast() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let script = Script(connection)
                try script.run(.establishCommunity(EstablishCommunity(community: cid("c-one"), name: "One", focus: .general)), on: "2025-07-01")
                try script.run(.registerPerson(RegisterPerson(person: pid("s-old"), name: "Old", role: .student)), on: "2025-07-01")
                // An event as an earlier build wrote it: another type name, other keys.
                try EventStore(connection: connection).append(
                    [NewEvent(stream: "community-c-one", type: "MemberAdded", schemaVersion: 1, data: #"{"group": "c-one", "who": "s-old"}"#)],
                    metadata: AppendMetadata(actor: "admin", occurredOn: "2025-08-01")
                )
                // This build cannot read it: quarantined, and the roster goes on without it.
                try runner(connection).catchUp([.roster])
                #expect(try ProjectionRunner.quarantine(connection: connection).map(\.type) == ["MemberAdded"])
                #expect(try RosterQuery.roster(connection: connection, community: cid("c-one"), today: systemToday())[0].members.isEmpty)
                let upcaster = Upcaster(type: "MemberAdded", fromVersion: 1) { data in
                    let old = try JSONSerialization.jsonObject(with: Data(data.utf8)) as! [String: String]
                    let new = try JSONEncoder().encode(["community": old["group"]!, "student": old["who"]!])
                    return ("StudentJoined", 1, String(decoding: new, as: UTF8.self))
                }
                // A build with the upcaster reads it: a rebuild folds it and drops it from the quarantine.
                let upcasting = ProjectionRunner(connection: connection, today: testToday, codec: EventCodec(upcasters: [upcaster]))
                try upcasting.rebuild([.roster])
                #expect(try ProjectionRunner.quarantine(connection: connection).isEmpty)
                let members = try RosterQuery.roster(connection: connection, community: cid("c-one"), today: systemToday())[0].members
                #expect(members.map { "\($0.role) \($0.person) \($0.since)" } == ["student s-old 2025-08-01"])
            }
        }
    }

    /// GUARANTEES 21 and 35: a follower running while writers append, and across a
    /// dropped connection, ends with exactly the final set.
    @Test func aFollowerCatchesUpWithConcurrentWritersAndReconnects() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let stop = LockedBox(false)
                let pids = LockedBox([Int32]())
                let follower = ProjectionFollower(
                    connect: {
                        let connection = try db.connect()
                        pids.withLock { $0.append(connection.backendPID) }
                        return connection
                    },
                    today: { testToday }, pollInterval: 0.2, retryDelay: 0.1,
                    logger: .init(label: "test")
                )
                let done = LockedBox<(any Error)?>(nil)
                let thread = Thread {
                    do { try follower.run(shouldContinue: { !stop.withLock { $0 } }) } catch { done.withLock { $0 = error } }
                }
                thread.start()
                // Writers: hours logged by the two leaders, from four threads.
                let results = concurrently(4) { index in
                    try db.withConnection { writer in
                        for n in 0..<10 {
                            let leader = index % 2 == 0 ? "f-okafor" : "f-lee"
                            let community = index % 2 == 0 ? "c-latinx" : "c-asian"
                            let payload = #"{"activity": "w\#(index)-\#(n)", "community": "\#(community)", "hours": "0.25", "leader": "\#(leader)"}"#
                            try EventStore(connection: writer).append(
                                [NewEvent(stream: EventStore.StreamName("community-\(community)"), type: "HoursLogged", data: payload)],
                                metadata: AppendMetadata(actor: "admin", occurredOn: "2026-09-0\(1 + n % 9)")
                            )
                            if index == 0 && n == 5 {
                                // The server drops the follower's session mid-run.
                                let pid = pids.withLock { $0.last ?? 0 }
                                _ = try writer.execute("SELECT pg_terminate_backend($1::int)", [Int(pid)])
                            }
                        }
                    }
                }
                #expect(results.allSatisfy { if case .success = $0 { true } else { false } })
                let head = try EventStore(connection: connection).head().position
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline, try ProjectionRunner.status(connection: connection).contains(where: { $0.checkpoint < head }) {
                    Thread.sleep(forTimeInterval: 0.05)
                }
                stop.withLock { $0 = true }
                while !thread.isFinished { Thread.sleep(forTimeInterval: 0.05) }
                #expect(done.withLock { $0 } == nil)
                #expect(pids.withLock { $0.count } >= 2)
                #expect(try ProjectionRunner.status(connection: connection).map(\.checkpoint) == [head, head, head])
                let followed = try dump(connection)
                try runner(connection).rebuild()
                #expect(try dump(connection) == followed)
            }
        }
    }
}

@Suite struct WritePathTests {
    /// The write path's call: folds new events only, refuses to run inside a transaction.
    @Test func theWritePathCatchUpFoldsNewEventsOutsideTransactions() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                try ProjectionRunner.catchUp(connection: connection, today: systemToday())
                #expect(try ProjectionRunner.status(connection: connection).allSatisfy { $0.lagEvents == 0 })
                try connection.simpleQuery("BEGIN")
                #expect(throws: ProjectionError.self) { try ProjectionRunner.catchUp(connection: connection, today: systemToday()) }
                try connection.simpleQuery("ROLLBACK")
            }
        }
    }

    /// A fold commits without waiting for the disk, for its own transaction only: the
    /// session's next append on the same connection commits as synchronously as before
    /// (else the durability guard, schema/006, would refuse it).
    @Test func aFoldsCommitModeEndsWithItsTransaction() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                let runner = ProjectionRunner(connection: connection, today: systemToday())
                try runner.catchUpTogether(refreshingStale: true)
                #expect(try connection.execute("SHOW synchronous_commit").first?.string(0) == "on")
                try runner.catchUp()
                #expect(try connection.execute("SHOW synchronous_commit").first?.string(0) == "on")
                #expect(try ProjectionRunner.status(connection: connection).allSatisfy { $0.lagEvents == 0 })
            }
        }
    }
}
