import Foundation
import Postgres
import Testing
import TestSupport

/// Guarantee 35 with a whole server restart: `mcledger projections follow` runs as its own
/// process while the server is stopped hard and started again. It reconnects, resumes
/// from its checkpoints, folds what administrators wrote before and after, and ends
/// with read models equal to a rebuild (`projections verify`): nothing missing, nothing
/// twice.
@Suite(.serialized) struct FollowRestartTests {
    /// Every projector's checkpoint in its active generation.
    static func checkpoints(_ target: LedgerTarget) throws -> [Int64] {
        try target.withConnection { connection in
            try connection.execute("""
                SELECT c.position FROM mcledger.projection_checkpoints c
                  JOIN mcledger.projection_generations g ON g.projector = c.projector AND g.active = c.generation ORDER BY c.projector
                """).map { $0.int64(0)! }
        }
    }

    @Test func aFollowerSurvivesAServerRestartAndEndsEqualToARebuild() throws {
        let cluster = try ThrowawayCluster()
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let target = LedgerTarget(cluster, database: "ledger")
        try seedProgram(target, students: 16, seated: 4, leader: true)

        let log = FileManager.default.temporaryDirectory.appendingPathComponent("follow-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        let follower = Process()
        follower.executableURL = mcledgerBinary()
        follower.arguments = ["projections", "follow", "--database", target.uri]
        follower.standardOutput = output
        follower.standardError = output
        try follower.run()
        defer {
            if follower.isRunning { follower.terminate() }
            try? output.close()
            try? FileManager.default.removeItem(at: log)
        }

        // The registrar's login may not write read models and no projector connection is
        // configured, so only the follower brings them up to date.
        let registrar = ["MCLEDGER_PROJECTOR_URL": ""]
        func join(_ index: Int) throws {
            let result = try target.run(
                ["student", "join", "s-\(index)", "--community", "c-latinx", "--on", "2026-08-\(String(format: "%02d", index))"],
                actor: "registrar", environment: registrar
            )
            guard result.status == 0 else { throw CLIFailure(arguments: ["student", "join", "s-\(index)"], result: result) }
        }
        func caughtUp() throws -> Bool {
            let head = Int64(try target.fingerprint().headPosition)
            return try Self.checkpoints(target).allSatisfy { $0 == head }
        }

        for index in 5...8 { try join(index) }
        #expect(try eventually(60) { try caughtUp() }, "the follower did not catch up before the restart")

        let registrarURI = TestLogins.uri(target.uri, as: TestLogins.name(for: "registrar"))
        try cluster.stopImmediately()
        // Written while the server is down: refused with exit 69, nothing half-written.
        let down = try runCLI(
            ["student", "join", "s-9", "--community", "c-latinx", "--on", "2026-08-20", "--database", registrarURI],
            environment: registrar.merging(["MCLEDGER_ACTOR": "registrar"]) { $1 }
        )
        #expect(down.status == 69, "\(down.stderr)")
        try cluster.start()

        for index in 9...14 { try join(index) }
        let head = Int64(try target.fingerprint().headPosition)
        #expect(try eventually(90) { try caughtUp() }, "after the restart the follower stayed at \((try? Self.checkpoints(target)) ?? []) of \(head)")
        #expect(follower.isRunning, "the follower exited: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")

        // Equal to a rebuild: no row missing, none twice.
        let verify = try target.run(["projections", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let roster = try target.withConnection { connection in
            try connection.execute("SELECT count(*) FROM mcledger.events WHERE type = 'StudentJoined'").first!.int(0)!
        }
        #expect(roster == 4 + 4 + 6)
        #expect(try target.verifies())
        Tally.report("server restarted under projections follow", events: try target.fingerprint().events, lost: 0)
    }
}
