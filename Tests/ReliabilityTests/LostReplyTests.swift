import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// GUARANTEES 29: the connection drops after a write was sent and before its reply
/// arrives. A ``FaultProxy`` between the client and the cluster loses the reply (the
/// server did the work) or cuts before the server sees the statement (it did not). The
/// client cannot tell which: it says "outcome unknown" and names the retry; the retry,
/// made directly, returns the committed result or appends once, never twice.
@Suite(.serialized) struct LostReplyTests {
    @Test func aLostAppendReplyIsAnUnknownOutcomeAndTheRetryLandsOnce() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let proxy = try FaultProxy(cluster)
        defer { proxy.stop() }
        let direct = cluster.configuration(database: "ledger")
        let proxied = proxy.configuration(database: "ledger")
        // Unarmed, the proxy passes everything through.
        #expect(try withConnection(proxied) { connection in
            try EventStore(connection: connection).append([NewEvent(stream: "s", type: "Opened", data: "{}")], metadata: meta()).positions
        } == [1])
        let isAppend: @Sendable (String) -> Bool = { $0.contains("mcledger.append(") }

        // Committed: the append is one statement in its own transaction; the server runs it,
        // commits and answers, and the answer is lost.
        let deposit = [NewEvent(stream: "s", type: "Deposited", data: #"{"cents": 2500}"#)]
        proxy.arm(FaultProxy.Fault(.loseReply, when: isAppend))
        let lost = try withConnection(proxied) { connection in
            #expect(throws: EventStoreError.self) {
                try EventStore(connection: connection).append(deposit, expecting: ["s": 1], metadata: meta(command: "deposit-1"))
            }
        }
        #expect(proxy.struck.count == 1)
        #expect(lost?.code == .outcomeUnknown, "\(String(describing: lost))")
        #expect(lost?.message.hasPrefix("outcome unknown") == true, "\(String(describing: lost))")
        #expect(lost?.advice == .retry(commandID: "deposit-1"), "\(String(describing: lost))")
        try withConnection(direct) { connection in
            let store = EventStore(connection: connection)
            #expect(try count(connection) == 2, "the server had committed the append whose reply was lost")
            let retry = try store.append(deposit, expecting: ["s": 1], metadata: meta(command: "deposit-1"))
            #expect(retry.replayed)
            #expect(retry.positions == [2])
            #expect(try count(connection) == 2)
        }

        // Not committed: the connection is cut before the server sees the append.
        let withdrawal = [NewEvent(stream: "s", type: "Withdrawn", data: #"{"cents": 700}"#)]
        proxy.arm(FaultProxy.Fault(.cutBefore, when: isAppend))
        let cut = try withConnection(proxied) { connection in
            #expect(throws: EventStoreError.self) {
                try EventStore(connection: connection).append(withdrawal, expecting: ["s": 2], metadata: meta(command: "withdraw-1"))
            }
        }
        #expect(proxy.struck.count == 2)
        #expect(cut?.code == .outcomeUnknown, "\(String(describing: cut))")
        #expect(cut?.advice == .retry(commandID: "withdraw-1"), "\(String(describing: cut))")
        try withConnection(direct) { connection in
            let store = EventStore(connection: connection)
            #expect(try count(connection) == 2, "the server never saw the append")
            let retry = try store.append(withdrawal, expecting: ["s": 2], metadata: meta(command: "withdraw-1"))
            #expect(retry.replayed == false)
            #expect(retry.positions == [3])
            let again = try store.append(withdrawal, expecting: ["s": 2], metadata: meta(command: "withdraw-1"))
            #expect(again.replayed)
            #expect(again.positions == [3])
            #expect(try count(connection) == 3)
            #expect(try store.verify().isIntact)
            Tally.report("append reply lost, or cut before the append (store)", events: 3, lost: 3 - (try count(connection)))
        }
    }

    /// Where the CLI's connection is cut, and whether the server had committed by then.
    enum Cut: CaseIterable, CustomStringConvertible {
        /// COMMIT reaches the server, which commits; its reply is lost.
        case commitReplyLost
        /// The append runs inside the CLI's transaction; its reply is lost, so COMMIT is
        /// never sent and the server rolls back when the connection closes.
        case appendReplyLost
        /// The server never sees the append.
        case cutBeforeAppend

        var committed: Bool { self == .commitReplyLost }

        var fault: FaultProxy.Fault {
            let isAppend: @Sendable (String) -> Bool = { $0.contains("mcledger.append(") }
            switch self {
            case .commitReplyLost: return FaultProxy.Fault(.loseReply, when: { $0 == "COMMIT" }, after: isAppend)
            case .appendReplyLost: return FaultProxy.Fault(.loseReply, when: isAppend)
            case .cutBeforeAppend: return FaultProxy.Fault(.cutBefore, when: isAppend)
            }
        }

        var description: String {
            switch self {
            case .commitReplyLost: "COMMIT's reply lost"
            case .appendReplyLost: "the append's reply lost mid-transaction"
            case .cutBeforeAppend: "cut before the append"
            }
        }
    }

    @Test func theCLISaysOutcomeUnknownAndItsRetryReturnsTheCommittedResultOrAppendsOnce() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let target = LedgerTarget(cluster, database: "ledger")
        try seedProgram(target, students: 1, leader: true)
        let proxy = try FaultProxy(cluster)
        defer { proxy.stop() }
        let proxied = LedgerTarget(through: proxy, database: "ledger", direct: target)
        for (index, cut) in Cut.allCases.enumerated() {
            // Logged hours add up, so no program rule would stop a second append: only the
            // command id does.
            let commandID = "hours-\(index + 1)"
            let log = ["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "2", "--activity", "Planning, session \(index + 1)",
                       "--on", "2026-09-0\(index + 1)", "--command-id", commandID]
            let before = try target.fingerprint()
            proxy.arm(cut.fault)
            let failed = try proxied.run(log)
            #expect(proxy.struck.count == index + 1, "\(cut): the fault never struck")
            #expect(failed.status == 69, "\(cut): \(failed.status) \(failed.stderr)")
            #expect(failed.stderr.hasPrefix("mcledger: outcome unknown"), "\(cut): \(failed.stderr)")
            #expect(failed.stderr.contains("retry with --command-id \(commandID)"), "\(cut): \(failed.stderr)")
            #expect(failed.stdout.isEmpty, "\(cut): \(failed.stdout)")
            let afterCut = try target.fingerprint()
            #expect(afterCut.events == before.events + (cut.committed ? 1 : 0), "\(cut): \(before) then \(afterCut)")
            let recorded = try target.withConnection { connection in
                try connection.execute("SELECT position FROM mcledger.events WHERE command_id = $1 ORDER BY position", [commandID]).map { $0.int64(0)! }
            }

            // The retry goes straight to the server.
            let retry = try target.run(log + ["--format", "json"])
            #expect(retry.status == 0, "\(cut): \(retry.stderr)")
            #expect(retry.stderr.contains("already recorded") == cut.committed, "\(cut): \(retry.stderr)")
            let positions = retry.appendedPositions
            if cut.committed {
                #expect(positions == recorded, "\(cut): the retry must return what the lost COMMIT wrote")
            } else {
                #expect(positions == [Int64(before.headPosition) + 1], "\(cut): \(retry.stdout)")
            }
            let again = try target.run(log + ["--format", "json"])
            #expect(again.status == 0, "\(cut): \(again.stderr)")
            #expect(again.stdout == retry.stdout)
            let after = try target.fingerprint()
            #expect(after.events == before.events + 1, "\(cut): appended \(after.events - before.events) events, not 1")
            #expect(try target.count(type: "HoursLogged") == index + 1, "\(cut): the hours were logged twice")
        }
        #expect(try target.verifies())
        Tally.report("CLI connection cut after COMMIT, mid-transaction and before the append", events: Cut.allCases.count, lost: Cut.allCases.count - (try target.count(type: "HoursLogged")))
    }
}
