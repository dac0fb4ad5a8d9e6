import EventStore
import Foundation
import Postgres
import Testing
import TestSupport
import Migrations

/// The server dies, locks are held, sessions time out: the ledger holds all of an append
/// or none of it, and a retry with the same command id lands exactly once.
@Suite(.serialized) struct FaultTests {
    @Test func serverStoppedHardDuringABulkAppendLeavesAllOrNothing() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let config = cluster.configuration(database: "ledger")
        try withConnection(config) { try Migrator.all.migrate($0) }
        let events = (0..<300_000).map { NewEvent(stream: "import-\($0 % 50)", type: "Imported", data: #"{"row": \#($0)}"#) }
        let outcome = inBackground {
            try withConnection(config) { connection in
                try EventStore(connection: connection).appendBulk(events, metadata: meta(command: "import-1"))
            }
        }
        // Wait until the import is running on the server, then kill it without warning.
        let observer = try Connection.connect(config)
        let running = try eventually {
            let rows = try observer.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY pg_temp.mcledger_staged%' OR query LIKE '%FROM mcledger.append(%jsonb_agg%'")
            return rows.first?.int(0) ?? 0 > 0
        }
        #expect(running)
        Thread.sleep(forTimeInterval: Double.random(in: 0...0.3))
        observer.close()
        try cluster.stopImmediately()
        switch outcome() {
        case .success:
            break  // it committed just before the kill: the retry below must replay it
        case .failure(let error):
            let code = (error as? EventStoreError)?.code
            #expect(code == .outcomeUnknown || code == .unavailable, "\(error)")
        }
        try cluster.start()
        try withConnection(config) { connection in
            let store = EventStore(connection: connection)
            let after = try count(connection)
            #expect(after == 0 || after == 300_000)
            let retry = try store.appendBulk(events, metadata: meta(command: "import-1"))
            #expect(retry.events.count == 300_000)
            #expect(try count(connection) == 300_000)
            #expect(try store.verify().isIntact)
            Tally.report("server killed during a 300k-event import", events: 300_000, lost: 300_000 - (try count(connection)))
        }
    }

    @Test func serverStoppedHardWhileAnAppendWaitsWritesNothingAndTheRetryLandsOnce() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let config = cluster.configuration(database: "ledger")
        try withConnection(config) { try EventStore(connection: $0).append([NewEvent(stream: "s", type: "First", data: "{}")], metadata: meta()) }
        let blocker = try Connection.connect(config)
        try blocker.execute("SELECT pg_advisory_lock($1::bigint)", [ledgerLockKey])
        let outcome = inBackground {
            try withConnection(config) { connection in
                try EventStore(connection: connection).append([NewEvent(stream: "s", type: "Second", data: "{}")], expecting: ["s": 1], metadata: meta(command: "c-1"))
            }
        }
        #expect(try eventually {
            try blocker.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%mcledger.append%'").first?.int(0) == 1
        })
        try cluster.stopImmediately()
        blocker.close()
        let error = #expect(throws: EventStoreError.self) { try outcome().get() }
        #expect(error?.code == .outcomeUnknown)
        #expect(error?.advice == .retry(commandID: "c-1"))
        try cluster.start()
        try withConnection(config) { connection in
            let store = EventStore(connection: connection)
            #expect(try count(connection) == 1)
            let first = try store.append([NewEvent(stream: "s", type: "Second", data: "{}")], expecting: ["s": 1], metadata: meta(command: "c-1"))
            let again = try store.append([NewEvent(stream: "s", type: "Second", data: "{}")], expecting: ["s": 1], metadata: meta(command: "c-1"))
            #expect(first.replayed == false)
            #expect(again.replayed)
            #expect(again.positions == [2])
            #expect(try count(connection) == 2)
            #expect(try store.verify().isIntact)
        }
    }

    @Test func aHeldLedgerLockAndATimeoutFailCleanly() throws {
        try TestDatabase.with { db in
            let blocker = try db.connect()
            defer { blocker.close() }
            try blocker.execute("SELECT pg_advisory_lock($1::bigint)", [ledgerLockKey])
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                for setting in ["lock_timeout", "statement_timeout"] {
                    try connection.simpleQuery("SET \(setting) = '150ms'")
                    let error = #expect(throws: EventStoreError.self) {
                        try store.append([NewEvent(stream: "s", type: "T", data: "{}")], metadata: meta())
                    }
                    #expect(error?.code == .timedOut, "\(setting)")
                    #expect(error?.message.contains("nothing was written") == true)
                    try connection.simpleQuery("RESET \(setting)")
                }
                #expect(try count(connection) == 0)
                try blocker.execute("SELECT pg_advisory_unlock($1::bigint)", [ledgerLockKey])
                // The same connection is still good.
                #expect(try store.append([NewEvent(stream: "s", type: "T", data: "{}")], metadata: meta()).positions == [1])
            }
        }
    }

    @Test func anIdleInTransactionTimeoutEndsTheSessionAndWritesNothing() throws {
        try TestDatabase.with { db in
            let connection = try db.connect()
            defer { connection.close() }
            try connection.simpleQuery("SET idle_in_transaction_session_timeout = '200ms'")
            let error = #expect(throws: (any Error).self) {
                try connection.withTransaction { tx in
                    try EventStore(connection: tx).append([NewEvent(stream: "s", type: "T", data: "{}")], metadata: meta())
                    Thread.sleep(forTimeInterval: 0.6)
                }
            }
            #expect((error as? PostgresError)?.kind == .connectionLost, "\(String(describing: error))")
            try db.withConnection { connection throws in #expect(try count(connection) == 0) }
        }
    }

    @Test func aDeadlockVictimIsRetriedUnderTheSameCommandIDAndLandsOnce() throws {
        try TestDatabase.with { db in
            let deadlocksBefore = try db.withConnection {
                try $0.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").first!.int(0)!
            }
            // B holds the head row, then asks for the ledger lock that A holds while A waits
            // for the head row: a cycle. A checks first (shorter deadlock_timeout, long enough for B
            // to be waiting by then on a loaded machine) and is the victim.
            let b = try db.connect()
            defer { b.close() }
            try b.simpleQuery("SET deadlock_timeout = '60s'")
            try b.simpleQuery("BEGIN")
            try b.simpleQuery("SELECT * FROM mcledger.ledger_head FOR UPDATE")
            let outcome = inBackground {
                try db.withConnection { a in
                    try a.simpleQuery("SET deadlock_timeout = '2s'")
                    return try EventStore(connection: a).append([NewEvent(stream: "s", type: "T", data: "{}")], metadata: meta(command: "dl-1"))
                }
            }
            // Watched from a session of its own: inside B's transaction pg_stat_activity
            // would show the same snapshot on every look.
            let observer = try db.connect()
            defer { observer.close() }
            #expect(try eventually {
                try observer.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%mcledger.append%'").first?.int(0) == 1
            })
            let handoff = Handoff(value: b)
            let bWaits = inBackground { () -> Bool in
                // Takes the ledger lock once A's first attempt is gone, then lets go.
                let b = handoff.value
                try b.execute("SELECT pg_advisory_xact_lock($1::bigint)", [ledgerLockKey])
                try b.simpleQuery("COMMIT")
                return true
            }
            let result = try outcome().get()
            #expect(try bWaits().get())
            #expect(result.positions == [1])
            try db.withConnection { connection throws in
                #expect(try count(connection) == 1)
                // Statistics reach pg_stat_database within a second or so of the victim's end.
                #expect(try eventually(5) {
                    try connection.execute("SELECT pg_stat_clear_snapshot()")
                    return try connection.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").first!.int(0)! == deadlocksBefore + 1
                })
            }
        }
    }
}
