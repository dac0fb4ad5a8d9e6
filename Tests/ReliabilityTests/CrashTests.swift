import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// GUARANTEES 33, ack-then-crash: an append the store acknowledged survives the server
/// being SIGKILLed at any moment, and a retry under the same command id never writes twice.
///
/// The cluster runs with fsync and synchronous_commit on (the defaults, and what the
/// durability guard demands): the acknowledgement comes after the commit's WAL is flushed.
/// A SIGKILL leaves the kernel's page cache alone, so this proves the protocol (no
/// acknowledgement before commit, crash recovery replays the WAL, the command id makes
/// the retry exactly-once), not that the disk honours fsync.
@Suite(.serialized) struct CrashTests {
    @Test func everyAcknowledgedAppendSurvivesSIGKILLsOfThePostmaster() throws {
        var generator = SeededGenerator.announced("ack-then-crash")
        let total = 1_000
        // Kill when the writer has this many acknowledgements, plus up to 15 ms, so the
        // kill lands inside an append as often as between two.
        let killPoints = (0..<10).map { _ in Int.random(in: 20..<(total - 100), using: &generator) }.sorted()
        let delays = killPoints.map { _ in Double.random(in: 0..<0.015, using: &generator) }
        // Half the time every server process dies at once, so that a commit in flight is cut
        // before or after its WAL flush instead of finishing (see killPostmaster).
        let wholeTree = killPoints.map { _ in Bool.random(using: &generator) }

        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        // From here on the server is this process's child, so a SIGKILLed postmaster is
        // reaped and the restart after it is not refused.
        try cluster.stopImmediately()
        try cluster.startOwned()
        let config = cluster.configuration(database: "ledger")
        let durability = try withConnection(config) { connection in
            try connection.execute("SELECT current_setting('fsync'), current_setting('synchronous_commit')").first.map { [$0.string(0), $0.string(1)] }
        }
        #expect(durability == ["on", "on"])

        let progress = LockedBox(0)
        let stopWriting = LockedBox<String?>(nil)
        let killer = inBackground { () -> [Int] in
            var children: [Int] = []
            defer { if children.count < killPoints.count { stopWriting.withLock { $0 = $0 ?? "the killer stopped after \(children.count) kills" } } }
            for ((point, delay), withChildren) in zip(zip(killPoints, delays), wholeTree) {
                while progress.withLock({ $0 }) < point && stopWriting.withLock({ $0 }) == nil {
                    Thread.sleep(forTimeInterval: 0.001)
                }
                Thread.sleep(forTimeInterval: delay)
                children.append(try cluster.killPostmaster(withChildren: withChildren))
                try cluster.startOwned()
            }
            return children
        }

        var acknowledged = AcknowledgedLog()
        var unknownOutcomes = 0
        var replayedAfterUnknown = 0
        var connection: Connection?
        defer { connection?.close() }
        let deadline = Date().addingTimeInterval(120)
        writing: for index in 0..<total {
            let commandID = "ack-\(index)"
            let eventID = UUID()
            let data = #"{"n": \#(index), "cents": \#(Int.random(in: 1...250_000, using: &generator))}"#
            let event = NewEvent(stream: StreamName("account-\(index % 7)"), type: "Deposited", data: data, eventID: eventID)
            var retried = false
            while true {
                if let reason = stopWriting.withLock({ $0 }) {
                    Issue.record("writing stopped at \(index): \(reason)")
                    break writing
                }
                guard Date() < deadline else {
                    Issue.record("no acknowledgement for \(commandID) within the deadline: \(cluster.logTail())")
                    break writing
                }
                do {
                    let live = try connection ?? Connection.connect(config)
                    connection = live
                    let result = try EventStore(connection: live).append([event], metadata: meta(command: commandID))
                    #expect(result.replayed == false || retried, "\(commandID) replayed on its first attempt")
                    if result.replayed { replayedAfterUnknown += 1 }
                    acknowledged.record(result, commandID: commandID, data: data)
                    progress.withLock { $0 = index + 1 }
                    break
                } catch {
                    // The server is down, restarting or was killed under this append: retry
                    // under the same command id on a new connection. Anything else is a failure.
                    let storeCode = (error as? EventStoreError)?.code
                    let connectionProblem = (error as? PostgresError)?.isConnectionProblem ?? false
                    guard storeCode == .outcomeUnknown || storeCode == .unavailable || connectionProblem else {
                        Issue.record("\(commandID): \(error)")
                        break writing
                    }
                    if storeCode == .outcomeUnknown { unknownOutcomes += 1 }
                    retried = true
                    connection?.close()
                    connection = nil
                    Thread.sleep(forTimeInterval: 0.01)
                }
            }
        }
        progress.withLock { $0 = total }
        let children = try killer().get()
        #expect(children.count == killPoints.count)

        // After the last crash and recovery: every acknowledged event at its position, with
        // its payload, and nothing twice.
        var lost = acknowledged.count
        try withConnection(config) { connection in
            let store = EventStore(connection: connection)
            let events = try store.events()
            lost = acknowledged.lost(in: events)
            #expect(lost == 0, "acknowledged events missing or changed: \(lost)")
            #expect(acknowledged.count == total)
            #expect(events.count == acknowledged.count, "\(events.count) events for \(acknowledged.count) acknowledged commands")
            #expect(events.map(\.position) == (1...Int64(events.count)).map { $0 }, "positions are not 1…N")
            let commandIDs = events.compactMap(\.commandID)
            #expect(Set(commandIDs).count == commandIDs.count, "a command was appended twice")
            #expect(try store.verify().isIntact)
        }
        let verify = try runCLI(["verify", "--database", cluster.uri(database: "ledger")])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        print("reliability: ack-then-crash: kills after \(killPoints) acknowledgements (\(wholeTree.filter { $0 }.count) of every server process), \(unknownOutcomes) outcomes unknown, \(replayedAfterUnknown) retries found the append committed")
        Tally.report("ack-then-crash, \(children.count) SIGKILLs of the postmaster", events: acknowledged.count, lost: lost)
    }
}
