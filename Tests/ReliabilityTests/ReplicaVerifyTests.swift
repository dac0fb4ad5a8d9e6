import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// GUARANTEES 18: `verify` against a streaming replica while appends continue on the
/// primary passes for the prefix the replica has, and the replica never shows position
/// n+1 without n: appends are serialised by the ledger lock, so they commit, and so
/// replay, in position order.
@Suite(.serialized) struct ReplicaVerifyTests {
    @Test func verifyOnAStreamingReplicaPassesWhileAppendsContinue() throws {
        let primary = try ThrowawayCluster()
        defer { primary.destroy() }
        try primary.createLedger("ledger")
        let replica = try primary.standby()
        defer { replica.destroy() }
        let primaryConfig = primary.configuration(database: "ledger")
        let replicaConfig = replica.configuration(database: "ledger")
        #expect(eventually(30) { (try? withConnection(replicaConfig) { try $0.execute("SELECT pg_is_in_recovery()").first?.bool(0) }) == true })

        // Writers: one event or a batch at a time, on several streams, for a few seconds.
        let stop = LockedBox(false)
        let acknowledged = LockedBox(0)
        let writers = (0..<2).map { writer in
            inBackground {
                try withConnection(primaryConfig) { connection in
                    let store = EventStore(connection: connection)
                    var index = 0
                    while !stop.withLock({ $0 }) {
                        let count = index % 5 == 0 ? 20 : 1
                        let events = (0..<count).map { NewEvent(stream: StreamName("w\(writer)-\(($0 + index) % 7)"), type: "Noted", data: #"{"i": \#(index)}"#) }
                        _ = try store.append(events, metadata: meta())
                        acknowledged.withLock { $0 += count }
                        index += 1
                    }
                }
            }
        }

        // Meanwhile, on the replica: dense positions in every snapshot, and a chain that
        // verifies up to the replica's head, through the store and through the CLI.
        var verifications = 0
        var highest: Int64 = 0
        var problems: [String] = []
        let until = Date().addingTimeInterval(6)
        try withConnection(replicaConfig) { connection in
            let store = EventStore(connection: connection)
            while Date() < until {
                let shape = try connection.execute("SELECT count(*), coalesce(max(position), 0) FROM mcledger.events").first!
                if shape.int64(0) != shape.int64(1) { problems.append("\(shape.int64(0)!) events up to position \(shape.int64(1)!)") }
                let report = try store.verify()
                if !report.isIntact { problems.append(report.problem ?? "?") }
                highest = max(highest, report.lastPosition)
                verifications += 1
            }
        }
        let cli = try runCLI(["verify", "--database", replica.uri(database: "ledger")])
        stop.withLock { $0 = true }
        for writer in writers { _ = try writer().get() }
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(verifications > 10 && highest > 100, "\(verifications) verifications, highest \(highest)")

        // Once replay catches up, the replica holds exactly the primary's chain.
        let primaryHead = try withConnection(primaryConfig) { try EventStore(connection: $0).head() }
        #expect(eventually(30) { (try? withConnection(replicaConfig) { try EventStore(connection: $0).head() }) == primaryHead })
        let final = try withConnection(replicaConfig) { try EventStore(connection: $0).verify() }
        #expect(final.isIntact && final.lastPosition == primaryHead.position)
        #expect(Int64(acknowledged.withLock { $0 }) == primaryHead.position)
        Tally.report("verify on a streaming replica during appends, \(verifications) verifications", events: Int(primaryHead.position), lost: Int(primaryHead.position - final.lastPosition))
    }
}
