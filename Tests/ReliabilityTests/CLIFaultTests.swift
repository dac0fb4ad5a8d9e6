import Foundation
import Postgres
import Testing
import TestSupport

/// The server dies under a running `mcledger`, or its connection is cut: the command
/// says so with exit 69, the ledger holds all of the write or none of it, and repeating
/// the command with the same `--command-id` appends it exactly once.
@Suite(.serialized) struct CLIFaultTests {
    /// Holds the ledger lock from a session of its own until the CLI's append waits for it,
    /// then stops the server hard: the kill lands between the CLI's BEGIN and COMMIT.
    func killWhileAppendWaits(_ cluster: ThrowawayCluster, _ target: LedgerTarget, _ arguments: [String]) throws -> CLIResult {
        let blocker = try Connection.connect(target.configuration)
        try blocker.execute("SELECT pg_advisory_lock($1::bigint)", [ledgerLockKey])
        let outcome = inBackground { try target.run(arguments) }
        let waiting = try eventually(60) {
            try blocker.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%mcledger.append%'").first?.int(0) == 1
        }
        #expect(waiting, "the CLI's append never waited for the ledger lock")
        try cluster.stopImmediately()
        blocker.close()
        let result = try outcome().get()
        try cluster.start()
        return result
    }

    @Test func serverStoppedHardDuringACLIAppendExits69AndTheRetryLandsOnce() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let target = LedgerTarget(cluster, database: "ledger")
        try seedProgram(target, students: 8)
        let before = try target.fingerprint()
        let join = ["student", "join", "s-1", "--community", "c-latinx", "--on", "2026-08-01", "--command-id", "join-s-1"]
        let killed = try killWhileAppendWaits(cluster, target, join)
        #expect(killed.status == 69, "\(killed.stderr)")
        #expect(killed.stderr.hasPrefix("mcledger: "))
        #expect(killed.stderr.contains("retry with --command-id join-s-1"), "\(killed.stderr)")
        #expect(killed.stdout.isEmpty)
        #expect(try target.fingerprint() == before, "a killed append left rows behind")
        let retry = try target.run(join + ["--format", "json"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try target.fingerprint().events == before.events + 2)
        let again = try target.run(join + ["--format", "json"])
        #expect(again.status == 0)
        #expect(again.stdout == retry.stdout)
        #expect(again.stderr.contains("already recorded; nothing new was appended"))
        let after = try target.fingerprint()
        #expect(after.events == before.events + 2)
        #expect(try target.count(type: "StudentJoined") == 1)
        #expect(try target.verifies())
        Tally.report("server killed during a CLI append", events: after.events, lost: 0)
    }

    @Test func serverStoppedHardDuringACLIImportLeavesNoneAndTheRetryLandsOnce() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let target = LedgerTarget(cluster, database: "ledger")
        let rows = 5_000
        var people = "id,name,role,class_of\n"
        for index in 0..<rows { people += "s-\(index),\"Student \(index), O'Hara\",student,2029\n" }
        let file = try temporaryFile(people)
        let importing = ["import", "people", file, "--on", "2026-07-01", "--command-id", "people-2026"]
        let killed = try killWhileAppendWaits(cluster, target, importing)
        #expect(killed.status == 69, "\(killed.stderr)")
        #expect(killed.stderr.contains("retry with --command-id people-2026"), "\(killed.stderr)")
        // None of it: no event and no name in the directory written beside the events.
        #expect(try target.fingerprint().events == 0)
        #expect(try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.people").first!.int(0)! } == 0)
        let retry = try target.run(importing + ["--format", "json"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout == #"{"imported":5000,"appended":{"count":5000,"firstPosition":1,"lastPosition":5000},"commandId":"people-2026"}"# + "\n")
        let again = try target.run(importing + ["--format", "json"])
        #expect(again.status == 0)
        #expect(again.stdout == retry.stdout)
        let after = try target.fingerprint()
        #expect(after.events == rows)
        #expect(try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.people").first!.int(0)! } == rows)
        #expect(try target.verifies())
        Tally.report("server killed during a 5k-row CLI import", events: after.events, lost: rows - after.events)
    }

    @Test func serverStoppedHardWhileTheCLICannotReachItExits69() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let target = LedgerTarget(cluster, database: "ledger")
        try seedProgram(target, students: 1)
        let before = try target.fingerprint()
        try cluster.stopImmediately()
        let down = try target.run(["student", "join", "s-1", "--community", "c-latinx", "--command-id", "down-1"])
        #expect(down.status == 69)
        #expect(down.stderr.hasPrefix("mcledger: cannot connect to PostgreSQL"), "\(down.stderr)")
        let verify = try target.run(["verify"])
        #expect(verify.status == 69)
        try cluster.start()
        #expect(try target.fingerprint() == before)
        #expect(try target.verifies())
        Tally.report("CLI against a stopped server", events: before.events, lost: 0)
    }

    /// The rows of every auditor view but the status one (it shows lag and times), as text.
    static func projectedRows(_ connection: Connection) throws -> [String: [String]] {
        let views = try connection.execute("""
            SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'mcledger'::regnamespace AND c.relkind = 'v'
               AND c.relname <> 'projection_status' ORDER BY 1
            """).map { $0.string(0)! }
        var rows: [String: [String]] = [:]
        for view in views {
            // The name comes from the catalog, quoted as an identifier.
            rows[view] = try connection.execute("SELECT t::text FROM mcledger.\"\(view)\" t ORDER BY 1").map { $0.string(0)! }
        }
        return rows
    }

    @Test func aCatchUpCutOffMidwayResumesFromItsCheckpoint() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 7_000, seated: 16, leader: true)
            let head = try target.fingerprint().headPosition
            // The read models fall behind: emptied, checkpoints at 0, as if just deployed.
            try db.withConnection { connection in
                try connection.withTransaction { tx in
                    let tables = try tx.execute("""
                        SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'mcledger'::regnamespace AND c.relkind = 'r'
                           AND (c.relname LIKE '%\\_a' OR c.relname = 'projection_leads')
                        """).map { "mcledger.\"\($0.string(0)!)\"" }
                    try tx.simpleQuery("TRUNCATE \(tables.joined(separator: ", "))")
                    try tx.simpleQuery("UPDATE mcledger.projection_checkpoints SET position = 0, latest_on = NULL")
                }
            }
            let observer = try db.connect()
            defer { observer.close() }
            let outcome = inBackground { try target.run(["projections", "catch-up"]) }
            var cut = false
            var cutAt: [Int64] = []
            _ = try eventually(120) {
                let positions = try observer.execute("""
                    SELECT c.position FROM mcledger.projection_checkpoints c
                      JOIN mcledger.projection_generations g ON g.projector = c.projector AND g.active = c.generation ORDER BY c.projector
                    """).map { $0.int64(0)! }
                guard positions.contains(where: { $0 > 0 }) else { return false }
                if positions.allSatisfy({ $0 == Int64(head) }) { return true }  // finished before the cut
                cutAt = positions
                cut = try observer.execute("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """).first!.int(0)! > 0
                return true
            }
            let first = try outcome().get()
            #expect(cut, "the catch-up finished before it could be cut off")
            if cut {
                #expect(first.status == 69, "\(first.status) \(first.stderr)")
                #expect(first.stderr.hasPrefix("mcledger: "))
            }
            let resumed = try target.run(["projections", "catch-up", "--format", "json"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let caughtUp = try Self.projectedRows(observer)
            let checkpoints = try observer.execute("SELECT checkpoint, head FROM mcledger.projection_status").map { $0.int64(0)! == $0.int64(1)! }
            #expect(checkpoints == [true, true, true])
            // No duplicate, no missing row: exactly what a rebuild from position 0 gives.
            let rebuild = try target.run(["projections", "rebuild"])
            #expect(rebuild.status == 0, "\(rebuild.stderr)")
            let rebuilt = try Self.projectedRows(observer)
            #expect(caughtUp.keys.sorted() == rebuilt.keys.sorted())
            for (view, rows) in rebuilt {
                #expect(caughtUp[view] == rows, "\(view): \(caughtUp[view]?.count ?? 0) rows after the cut catch-up, \(rows.count) after a rebuild")
            }
            #expect((caughtUp["audit_trail"]?.count ?? 0) > 0)
            Tally.report("catch-up cut at checkpoints \(cutAt) then resumed", events: head, lost: 0)
        }
    }
}
