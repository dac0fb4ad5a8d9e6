import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// Proofs and receipts checked with no database: an event's inclusion, the log only
/// growing, and a write's receipt, against signed checkpoints; an edited byte or a proof
/// for another tree fails with exit 2.
@Suite struct ProofCLITests {
    typealias Fixture = CheckpointTamperTests.Fixture

    func write(_ text: String, _ fixture: Fixture, _ name: String) throws -> String {
        let path = fixture.folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func check(_ fixture: Fixture, _ file: String, _ checkpoints: [String], extra: [String] = []) throws -> CLIResult {
        // No --database and no DATABASE_URL: the check cannot reach the ledger.
        try runCLI(["proof", "check", file, "--key", fixture.vkey] + checkpoints.flatMap { ["--checkpoint", $0] } + extra)
    }

    @Test func anInclusionProofHoldsAgainstItsCheckpointAndNothingElse() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let n = fixture.events
            let cp = "\(fixture.checkpoints)/\(n)"
            let json = try fixture.target.ok(["proof", "inclusion", "5", "--checkpoint", cp, "--format", "json"])
            let proof = try write(json, fixture, "p5.json")
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            #expect(object["leafIndex"] as? Int == 4 && object["treeSize"] as? Int == n)
            #expect((object["path"] as? [String])?.count ?? 0 <= 64 - Int64(n).leadingZeroBitCount)
            let ok = try check(fixture, proof, [cp])
            #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
            #expect(ok.stdout.contains("position 5 (leaf 4) is in the signed tree of \(n) events"))
            // By event id too, same proof.
            let id = object["eventId"] as! String
            #expect(try fixture.target.ok(["proof", "inclusion", id, "--checkpoint", cp, "--format", "json"]) == json)
            // One byte of the chain hash changed.
            let chain = object["chainHash"] as! String
            var bytes = [UInt8](Data(base64Encoded: chain)!)
            bytes[0] ^= 1
            let edited = try write(json.replacingOccurrences(of: chain, with: Data(bytes).base64EncodedString()), fixture, "edited.json")
            let bad = try check(fixture, edited, [cp])
            #expect(bad.status == 2, "\(bad.stdout) \(bad.stderr)")
            // A checkpoint of another tree.
            try fixture.target.ok(["community", "establish", "c-new", "--name", "New", "--focus", "general", "--on", "2026-07-03"])
            try fixture.checkpoint()
            let other = try check(fixture, proof, ["\(fixture.checkpoints)/\(n + 1)"])
            #expect(other.status == 2 && other.stderr.contains("no checkpoint given has that size"), "\(other.stderr)")
            // Not a proof at all; a checkpoint that cannot be trusted.
            #expect(try check(fixture, try write("{\"hello\": 1}", fixture, "x.json"), [cp]).status == 65)
            let garbage = try write(try String(contentsOfFile: cp, encoding: .utf8) + "junk", fixture, "bad-cp")
            #expect(try check(fixture, proof, [garbage]).status == 3)
        }
    }

    @Test func aConsistencyProofShowsTheLogOnlyGrew() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let n = fixture.events
            for index in 0..<5 {
                try fixture.target.ok(["community", "establish", "c-more-\(index)", "--name", "More", "--focus", "general", "--on", "2026-07-03"])
            }
            try fixture.checkpoint()
            let old = "\(fixture.checkpoints)/\(n)"
            let new = "\(fixture.checkpoints)/\(n + 5)"
            let json = try fixture.target.ok(["proof", "consistency", "--from", old, "--to", new, "--format", "json"])
            let proof = try write(json, fixture, "c.json")
            let ok = try check(fixture, proof, [old, new])
            #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
            #expect(ok.stdout.contains("the signed tree of \(n + 5) events extends the tree of \(n) events"))
            // By sizes, the same proof.
            #expect(try fixture.target.ok(["proof", "consistency", "--from", "\(n)", "--to", "\(n + 5)", "--format", "json"]) == json)
            let text = try fixture.target.ok(["proof", "consistency", "--from", "\(n)", "--to", "\(n + 5)"])
            #expect(text.contains("path[0]"))
            // A bad range is refused.
            #expect(try fixture.target.run(["proof", "consistency", "--from", "\(n + 5)", "--to", "\(n)"]).status == 65)
        }
    }

    @Test func aReceiptIsProvenByALaterCheckpoint() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let n = fixture.events
            let receipt = fixture.folder + "/receipt.json"
            let written = try fixture.target.run(["community", "establish", "c-new", "--name", "New", "--focus", "general", "--on", "2026-07-03", "--receipt", receipt])
            #expect(written.status == 0, "\(written.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: receipt))) as! [String: Any]
            #expect(object["type"] as? String == "receipt" && object["treeSize"] as? Int == n + 1)
            #expect((object["events"] as? [[String: Any]])?.first?["position"] as? Int == n + 1)
            // A checkpoint of exactly the receipt's tree: no database, no consistency proof.
            try fixture.checkpoint()
            let same = try check(fixture, receipt, ["\(fixture.checkpoints)/\(n + 1)"])
            #expect(same.status == 0, "\(same.stdout) \(same.stderr)")
            // A later checkpoint: the consistency proof from a file, or fetched from the database.
            for index in 0..<3 {
                try fixture.target.ok(["community", "establish", "c-more-\(index)", "--name", "More", "--focus", "general", "--on", "2026-07-03"])
            }
            try fixture.checkpoint()
            let later = "\(fixture.checkpoints)/\(n + 4)"
            let missing = try check(fixture, receipt, [later])
            #expect(missing.status == 65 && missing.stderr.contains("--consistency"), "\(missing.stderr)")
            let bridge = try write(try fixture.target.ok(["proof", "consistency", "--from", "\(n + 1)", "--to", later, "--format", "json"]), fixture, "bridge.json")
            let offline = try check(fixture, receipt, [later], extra: ["--consistency", bridge])
            #expect(offline.status == 0, "\(offline.stdout) \(offline.stderr)")
            let fetched = try check(fixture, receipt, [later], extra: ["--database", fixture.target.uri])
            #expect(fetched.status == 0, "\(fetched.stdout) \(fetched.stderr)")
            #expect(fetched.stdout.contains("its events are in the signed log"))
            // The receipt edited by one byte (its root): exit 2.
            let root = object["root"] as! String
            var bytes = [UInt8](Data(base64Encoded: root)!)
            bytes[31] ^= 0x80
            let edited = try write(try String(contentsOfFile: receipt, encoding: .utf8).replacingOccurrences(of: root, with: Data(bytes).base64EncodedString()), fixture, "edited-receipt.json")
            let bad = try check(fixture, edited, [later], extra: ["--consistency", bridge])
            #expect(bad.status == 2, "\(bad.stdout) \(bad.stderr)")
            // A receipt path that cannot be written refuses the write before anything is appended.
            let before = try fixture.target.fingerprint()
            let refused = try fixture.target.run(["community", "establish", "c-x", "--name", "X", "--focus", "general", "--receipt", "/nonexistent/dir/r.json"])
            #expect(refused.status == 65 && refused.stderr.contains("--receipt"), "\(refused.stderr)")
            #expect(try fixture.target.fingerprint() == before)
        }
    }

    @Test func keysAreWrittenOnceWithTheRightModesAndForms() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let attributes = try FileManager.default.attributesOfItem(atPath: fixture.key)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let again = try runCLI(["key", "generate", "--name", "test.example", "--out", fixture.folder + "/keys"])
            #expect(again.status == 65 && again.stderr.contains("exists"), "\(again.stderr)")
            let secret = try String(contentsOfFile: fixture.key, encoding: .utf8)
            #expect(!again.stdout.contains(secret) && !again.stderr.contains("PRIVATE"))
            let vkey = try String(contentsOfFile: fixture.vkey, encoding: .utf8)
            #expect(vkey.hasPrefix("test.example+") && vkey.split(separator: "+", maxSplits: 2).count == 3)
            // No key material in the database: only the note and the 4-byte key hash.
            let stored = try fixture.target.withConnection { try $0.execute("SELECT note, encode(key_hash, 'hex') FROM mcledger.checkpoints").first! }
            #expect(stored.string(0)!.contains("— test.example "))
            #expect(vkey.contains("+\(stored.string(1)!)+"))
            // openssl reads both files, when it is installed.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") {
                #expect(try spawn("/usr/bin/openssl", ["pkey", "-pubin", "-in", fixture.pub, "-noout"]) == 0)
                #expect(try spawn("/usr/bin/openssl", ["pkey", "-in", fixture.key, "-noout"]) == 0)
            }
            // A heartbeat round with nothing new writes nothing.
            let beat = try fixture.target.ok(["checkpoint", "--key", fixture.key, "--out", fixture.checkpoints, "--heartbeat", "10m"])
            #expect(beat.contains("nothing written"), "\(beat)")
            #expect(try fixture.target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.checkpoints").first!.int(0)! } == 1)
        }
    }

    func spawn(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
