import EventStore
import Foundation
import Postgres
import Testing
import TestSupport
import Migrations

/// GUARANTEES 34: the ledger refuses to append where a crash could take back an
/// acknowledged event (`synchronous_commit` off or local, `fsync` off), and writes nothing.
@Suite struct DurabilityGuardTests {
    @Test func aSessionThatCommitsWithoutWaitingIsRefusedAndWritesNothing() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            _ = try target.withConnection { try EventStore(connection: $0).append([NewEvent(stream: "s", type: "First", data: "{}")], metadata: meta()) }
            let before = try target.fingerprint()
            var refused = 0
            try target.withConnection { connection in
                let store = EventStore(connection: connection)
                for setting in ["off", "local"] {
                    // As a session setting…
                    try connection.simpleQuery("SET synchronous_commit = \(setting)")
                    let error = #expect(throws: EventStoreError.self) {
                        try store.append([NewEvent(stream: "s", type: "Second", data: "{}")], metadata: meta(command: "c-\(setting)"))
                    }
                    #expect(error?.code == .notDurable)
                    #expect(error?.message.contains("synchronous_commit = \(setting)") == true, "\(error?.message ?? "")")
                    #expect(error?.message.hasSuffix("nothing was written") == true)
                    try connection.simpleQuery("RESET synchronous_commit")
                    // …and set inside the transaction only.
                    #expect(throws: EventStoreError.self) {
                        try connection.withTransaction { tx in
                            try tx.simpleQuery("SET LOCAL synchronous_commit = \(setting)")
                            try EventStore(connection: tx).append([NewEvent(stream: "s", type: "Second", data: "{}")], metadata: meta())
                        }
                    }
                    refused += 2
                }
                // The command ids of the refused appends were not consumed either.
                #expect(try connection.execute("SELECT count(*) FROM mcledger.commands WHERE command_id LIKE 'c-%'").first?.int(0) == 0)
                // Waiting for the WAL to reach a standby (or, without one, the local disk) is durable.
                try connection.simpleQuery("SET synchronous_commit = remote_write")
                try store.append([NewEvent(stream: "s", type: "Second", data: "{}")], metadata: meta(command: "c-remote-write"))
            }
            let after = try target.fingerprint()
            #expect(after.events == before.events + 1)
            #expect(try target.verifies())
            Tally.report("durability guard, \(refused) appends without synchronous commit refused", events: after.events, lost: 0)
        }
    }

    @Test func theCLISaysWhyItRefusesAndExits78() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try target.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            let before = try target.fingerprint()
            let result = try target.run(
                ["community", "establish", "c-asian", "--name", "Asian", "--focus", "asian", "--on", "2026-07-01"],
                environment: ["PGOPTIONS": "-c synchronous_commit=off"]
            )
            #expect(result.status == 78)
            #expect(result.stderr.contains("synchronous_commit = off"), "\(result.stderr)")
            #expect(result.stderr.contains("use synchronous_commit = on"), "\(result.stderr)")
            #expect(try target.fingerprint() == before)
        }
    }

    /// A server with `fsync = off` (reloaded into a throwaway cluster) refuses every append
    /// and import, and appends again once it is back on.
    @Test func aServerWithoutFsyncIsRefused() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let config = cluster.configuration(database: "ledger")
        try withConnection(config) { connection in
            try Migrator.all.migrate(connection)
            let store = EventStore(connection: connection)
            try store.append([NewEvent(stream: "s", type: "First", data: "{}")], metadata: meta())
            func setFsync(_ value: String) throws {
                try connection.simpleQuery("ALTER SYSTEM SET fsync = \(value)")
                try connection.simpleQuery("SELECT pg_reload_conf()")
                // A reload reaches this backend before its next command; wait until it has.
                for _ in 0..<50 where try connection.execute("SELECT current_setting('fsync')").first?.string(0) != value {
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            try setFsync("off")
            let single = #expect(throws: EventStoreError.self) {
                try store.append([NewEvent(stream: "s", type: "Second", data: "{}")], metadata: meta())
            }
            #expect(single?.code == .notDurable)
            #expect(single?.message.contains("fsync = off") == true)
            let bulk = #expect(throws: EventStoreError.self) {
                try store.appendBulk((0..<100).map { NewEvent(stream: "import-\($0 % 5)", type: "Imported", data: #"{"row": \#($0)}"#) }, metadata: meta())
            }
            #expect(bulk?.code == .notDurable)
            #expect(try store.eventCount() == 1)
            try setFsync("on")
            try store.append([NewEvent(stream: "s", type: "Second", data: "{}")], metadata: meta())
            #expect(try store.eventCount() == 2)
            #expect(try store.verify().isIntact)
        }
    }
}
