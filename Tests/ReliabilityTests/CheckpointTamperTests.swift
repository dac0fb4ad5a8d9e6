import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// GUARANTEES 12, 13 and 15: what the chain alone cannot catch (a cut tail with the head
/// moved back, a consistent rewrite), a signed checkpoint kept outside the database
/// catches, and a checkpoint that was tampered with is never trusted.
@Suite struct CheckpointTamperTests {
    /// A seeded ledger, a key, and a checkpoint of the whole log.
    struct Fixture {
        var target: LedgerTarget
        var folder: String
        var key: String { folder + "/keys/test.example.key" }
        var pub: String { folder + "/keys/test.example.pub" }
        var vkey: String { folder + "/keys/test.example.vkey" }
        var checkpoints: String { folder + "/cps" }
        var events: Int

        func checkpoint() throws -> String {
            try target.ok(["checkpoint", "--key", key, "--out", checkpoints])
        }

        func verify(_ checkpoint: String, key: String? = nil) throws -> CLIResult {
            try target.run(["verify", "--checkpoint", checkpoint, "--key", key ?? pub])
        }

        func asSuperuserWithoutTriggers(_ sql: String) throws {
            try target.withConnection { connection in
                try connection.withTransaction { tx in
                    try tx.simpleQuery("SET LOCAL session_replication_role = replica")
                    try tx.simpleQuery(sql)
                }
            }
        }
    }

    static func withFixture(_ body: (Fixture) throws -> Void) throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 8, seated: 6, leader: true)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcl-cp-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/cps", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try generateKey(into: folder + "/keys")
            let fixture = Fixture(target: target, folder: folder, events: try target.fingerprint().events)
            try fixture.checkpoint()
            try body(fixture)
        }
    }

    /// `mcledger key generate` needs no database.
    static func generateKey(into folder: String) throws {
        let result = try runCLI(["key", "generate", "--name", "test.example", "--out", folder])
        guard result.status == 0 else { throw CLIFailure(arguments: ["key", "generate"], result: result) }
    }

    @Test func theLogHoldsAgainstItsCheckpointWithEveryFormOfTheKey() throws {
        try Self.withFixture { fixture in
            let n = fixture.events
            let verifierKey = try String(contentsOfFile: fixture.vkey, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            for key in [fixture.pub, fixture.vkey, verifierKey] {
                let result = try fixture.verify(fixture.checkpoints + "/latest", key: key)
                #expect(result.status == 0, "\(key): \(result.stdout) \(result.stderr)")
                #expect(result.stdout.contains("OK: checkpoint \(fixture.checkpoints)/latest"), "\(result.stdout)")
            }
            #expect(FileManager.default.fileExists(atPath: "\(fixture.checkpoints)/\(n)"))
            // Both files at once, and the log growing past them, still hold.
            try fixture.target.ok(["community", "establish", "c-new", "--name", "New", "--focus", "general", "--on", "2026-07-03"])
            let both = try fixture.target.run(["verify", "--checkpoint", "\(fixture.checkpoints)/\(n)", "--checkpoint", fixture.checkpoints + "/latest", "--key", fixture.pub, "--format", "json"])
            #expect(both.status == 0, "\(both.stdout) \(both.stderr)")
            #expect(both.stdout.contains(#""holds":true"#))
            #expect(try fixture.target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.checkpoints").first!.int(0)! } == 1)
        }
    }

    /// GUARANTEES 12.
    @Test func deletingTheLastThreeEventsPassesVerifyButNotTheCheckpoint() throws {
        try Self.withFixture { fixture in
            let n = fixture.events
            let kept = try fixture.target.fingerprint()
            try fixture.asSuperuserWithoutTriggers("""
                DELETE FROM mcledger.events WHERE position > \(n - 3);
                UPDATE mcledger.ledger_head SET position = \(n - 3), hash = (SELECT hash FROM mcledger.events WHERE position = \(n - 3));
                """)
            // The documented limitation: the chain alone cannot see a cut tail with the head moved back.
            #expect(try fixture.target.verifies())
            let result = try fixture.verify(fixture.checkpoints + "/latest")
            #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("log shorter than signed checkpoint: \(n - 3) < \(n)"), "\(result.stdout)")
            // A head kept from `db status` shows it too.
            let head = try fixture.target.run(["verify", "--head", "\(kept.headPosition):\(kept.headHash)"])
            #expect(head.status == 2 && head.stdout.contains("log shorter than the kept head: \(n - 3) < \(n)"), "\(head.stdout)")
            // And the checkpointer refuses to sign the shorter history.
            let again = try fixture.target.run(["checkpoint", "--key", fixture.key, "--out", fixture.checkpoints])
            #expect(again.status == 2, "\(again.stdout) \(again.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(fixture.checkpoints)/\(n - 3)"))
            Tally.report("verify --checkpoint after the last 3 events were deleted", events: n, lost: 0)
        }
    }

    /// GUARANTEES 13.
    @Test func aConsistentRewritePassesVerifyButNotTheCheckpoint() throws {
        try Self.withFixture { fixture in
            let n = fixture.events
            let k = n / 2
            let kept = try fixture.target.fingerprint()
            try fixture.asSuperuserWithoutTriggers("""
                UPDATE mcledger.events SET data = jsonb_set(data, '{forged}', 'true') WHERE position = \(k);
                DO $$
                DECLARE r record; prev bytea;
                BEGIN
                    SELECT hash INTO prev FROM mcledger.events WHERE position = \(k - 1);
                    FOR r IN SELECT * FROM mcledger.events WHERE position >= \(k) ORDER BY position LOOP
                        prev := sha256(prev || convert_to(mcledger.canonical_form(r.position, r.stream, r.version, r.event_id,
                            r.type, r.schema_version, r.occurred_on, r.recorded_at, r.actor, r.command_id, r.correlation_id,
                            r.data, r.metadata), 'UTF8'));
                        UPDATE mcledger.events SET hash = prev WHERE position = r.position;
                    END LOOP;
                    UPDATE mcledger.ledger_head SET hash = prev;
                END $$;
                """)
            #expect(try fixture.target.verifies())
            let result = try fixture.verify(fixture.checkpoints + "/latest")
            #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("head mismatch at size \(n)"), "\(result.stdout)")
            let head = try fixture.target.run(["verify", "--head", "\(kept.headPosition):\(kept.headHash)", "--format", "json"])
            #expect(head.status == 2 && head.stdout.contains("head mismatch at position \(n)"), "\(head.stdout)")
            Tally.report("verify --checkpoint after a consistent rewrite at \(k)", events: n, lost: 0)
        }
    }

    enum Probe: String, CaseIterable, Sendable {
        case signatureBitFlipped, rootBitFlipped, wrongKey, sizePlusOne, sizeMinusOne, signedSizeLargerThanLog
        case editedSizeLargerThanLog, filesSwapped, signaturesSwapped, trailingGarbageLine, trailingGarbageBytes, truncated, empty
    }

    /// GUARANTEES 15: every probe fails, with its exit status.
    @Test(arguments: Probe.allCases)
    func aTamperedCheckpointIsNeverTrusted(_ probe: Probe) throws {
        try Self.withFixture { fixture in
            let n = fixture.events
            // A second checkpoint, of a longer log, for the swaps.
            try fixture.target.ok(["community", "establish", "c-new", "--name", "New", "--focus", "general", "--on", "2026-07-03"])
            try fixture.checkpoint()
            let first = "\(fixture.checkpoints)/\(n)"
            let second = "\(fixture.checkpoints)/\(n + 1)"
            let original = try String(contentsOfFile: first, encoding: .utf8)
            let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let signer = try NoteSigner(pem: try String(contentsOfFile: fixture.key, encoding: .utf8))
            let probeFile = fixture.folder + "/probe"
            var key = fixture.pub
            var expected: Int32 = 3
            var message = ""
            func flipBit(base64 text: String, byte: Int) -> String {
                var bytes = [UInt8](Data(base64Encoded: text)!)
                bytes[byte] ^= 0x01
                return Data(bytes).base64EncodedString()
            }
            var tampered = original
            switch probe {
            case .signatureBitFlipped:
                let parts = lines[4].split(separator: " ")
                tampered = ([lines[0], lines[1], lines[2], "", "\(parts[0]) \(parts[1]) \(flipBit(base64: String(parts[2]), byte: 40))"]).joined(separator: "\n") + "\n"
                message = "bad signature"
            case .rootBitFlipped:
                tampered = original.replacingOccurrences(of: lines[2], with: flipBit(base64: lines[2], byte: 0))
                message = "bad signature"
            case .wrongKey:
                let other = fixture.folder + "/other"
                try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
                try Self.generateKey(into: other)
                key = other + "/test.example.pub"
                message = "unknown key"
            case .sizePlusOne, .sizeMinusOne:
                let size = probe == .sizePlusOne ? n + 1 : n - 1
                tampered = ([lines[0], String(size)] + lines[2...]).joined(separator: "\n")
                message = "bad signature"
            case .signedSizeLargerThanLog:
                // Validly signed with the right key, for more events than the log holds.
                let forged = Checkpoint(origin: lines[0], size: Int64(n + 100), root: [UInt8](Data(base64Encoded: lines[2])!))
                tampered = try SignedNote.sign(forged.body, with: signer).serialized
                expected = 2
                message = "log shorter than signed checkpoint: \(n + 1) < \(n + 100)"
            case .editedSizeLargerThanLog:
                tampered = ([lines[0], String(n + 100)] + lines[2...]).joined(separator: "\n")
                message = "bad signature"
            case .filesSwapped:
                let other = try String(contentsOfFile: second, encoding: .utf8)
                try other.write(toFile: first, atomically: true, encoding: .utf8)
                try original.write(toFile: second, atomically: true, encoding: .utf8)
                message = "checkpoint files were swapped"
            case .signaturesSwapped:
                let other = try String(contentsOfFile: second, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                tampered = ([lines[0], lines[1], lines[2], "", String(other[4])]).joined(separator: "\n") + "\n"
                message = "bad signature"
            case .trailingGarbageLine:
                tampered = original + "garbage\n"
                message = "not a signature line"
            case .trailingGarbageBytes:
                tampered = original + "x"
                message = "does not end with a newline"
            case .truncated:
                tampered = String(original.prefix(original.count - 10))
                message = "does not end with a newline"
            case .empty:
                tampered = ""
                message = "does not end with a newline"
            }
            let path = probe == .filesSwapped ? first : probeFile
            if probe != .filesSwapped { try tampered.write(toFile: probeFile, atomically: true, encoding: .utf8) }
            let before = try fixture.target.fingerprint()
            let result = try fixture.verify(path, key: key)
            #expect(result.status == expected, "\(probe): \(result.stdout) \(result.stderr)")
            #expect((result.stdout + result.stderr).contains(message), "\(probe): \(result.stdout) \(result.stderr)")
            if expected == 3 {
                #expect(result.stderr.hasPrefix("mcledger: checkpoint cannot be trusted: "), "\(probe): \(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
            #expect(try fixture.target.fingerprint() == before)
            Tally.report("verify --checkpoint with the checkpoint's \(probe.rawValue)", events: n + 1, lost: 0)
        }
    }
}
