import EventStore
import Foundation
import Testing
import TestSupport

/// Issue 13: the nightly report's manifest names the signed checkpoint it was checked
/// against, and `mcledger report verify DIR` checks the files and that checkpoint offline.
@Suite struct ReportCheckpointTests {
    typealias Fixture = CheckpointTamperTests.Fixture

    /// Writes the report of `fixture`'s ledger, checked against its latest checkpoint.
    static func report(_ fixture: Fixture, into name: String, key: String? = nil) throws -> (CLIResult, String) {
        let out = fixture.folder + "/" + name
        let result = try fixture.target.run([
            "report", "nightly", "--out", out, "--as-of", "2026-09-01", "--year", "2026-27",
            "--checkpoint", fixture.checkpoints + "/latest", "--key", key ?? fixture.pub,
        ])
        return (result, out + "/2026-09-01")
    }

    static func verify(_ dir: String, key: String?) throws -> CLIResult {
        try runCLI(["report", "verify", dir] + (key.map { ["--key", $0] } ?? []))
    }

    /// Replaces the manifest's signed note with `edit(note)`.
    static func editNote(_ dir: String, _ edit: (String) throws -> String) throws {
        let path = dir + "/manifest.json"
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        var checkpoint = object["checkpoint"] as! [String: Any]
        var signed = checkpoint["signed"] as! [String: Any]
        signed["note"] = try edit(signed["note"] as! String)
        checkpoint["signed"] = signed
        object["checkpoint"] = checkpoint
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
    }

    @Test func aReportWithItsCheckpointVerifiesAndAnEditedFileIsNamed() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let n = fixture.events
            let (written, dir) = try Self.report(fixture, into: "reports")
            #expect(written.status == 0, "\(written.stdout) \(written.stderr)")
            #expect(written.stdout.contains("Checkpoint of size \(n)"), "\(written.stdout)")
            let manifest = try String(contentsOfFile: dir + "/manifest.json", encoding: .utf8)
            #expect(manifest.contains(#""checkpoint": {"treeSize":\#(n),"#), "\(manifest)")
            let lines = manifest.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.dropLast().last?.hasPrefix(#""run": {"#) == true && lines.dropLast(2).last?.hasPrefix(#""checkpoint": {"#) == true, "the run record stays last: \(manifest)")

            let ok = try Self.verify(dir, key: fixture.pub)
            #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
            #expect(ok.stdout.contains("has the report's root"), "\(ok.stdout)")
            let unkeyed = try Self.verify(dir, key: nil)
            #expect(unkeyed.status == 0 && unkeyed.stdout.contains("give --key"), "\(unkeyed.stdout) \(unkeyed.stderr)")

            // The log grows past the checkpoint (the first report's disclosure of its
            // rosters.csv, then a new community): the manifest carries the consistency proof.
            try fixture.target.ok(["community", "establish", "c-new", "--name", "New", "--focus", "general", "--on", "2026-07-03"])
            let (grown, grownDir) = try Self.report(fixture, into: "grown")
            #expect(grown.status == 0, "\(grown.stdout) \(grown.stderr)")
            let consistent = try Self.verify(grownDir, key: fixture.pub)
            #expect(consistent.status == 0, "\(consistent.stdout) \(consistent.stderr)")
            #expect(consistent.stdout.contains("is consistent with the report's tree (size \(n + 2))"), "\(consistent.stdout)")

            // One byte of one file changed: exit 2, naming the file.
            let csv = dir + "/rosters.csv"
            var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: csv)))
            bytes[0] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: csv))
            let edited = try Self.verify(dir, key: fixture.pub)
            #expect(edited.status == 2, "\(edited.stdout) \(edited.stderr)")
            #expect(edited.stderr.contains("rosters.csv differs from the manifest"), "\(edited.stderr)")
            #expect(try Self.verify(dir, key: nil).status == 2)
        }
    }

    @Test func aCheckpointReSignedEditedOrCheckedWithTheWrongKeyIsNotTrusted() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let n = fixture.events
            let other = fixture.folder + "/other"
            try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
            try CheckpointTamperTests.generateKey(into: other)
            let otherPub = other + "/test.example.pub"

            // The report job itself refuses a checkpoint the key did not sign, writing nothing.
            let (refused, refusedDir) = try Self.report(fixture, into: "refused", key: otherPub)
            #expect(refused.status == 3, "\(refused.stdout) \(refused.stderr)")
            #expect(refused.stderr.contains("checkpoint cannot be trusted"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: refusedDir))

            let (written, dir) = try Self.report(fixture, into: "reports")
            #expect(written.status == 0, "\(written.stdout) \(written.stderr)")
            let pristine = try Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))

            // Checked with the wrong key.
            let wrongKey = try Self.verify(dir, key: otherPub)
            #expect(wrongKey.status == 3, "\(wrongKey.stdout) \(wrongKey.stderr)")
            #expect(wrongKey.stderr.contains("checkpoint cannot be trusted"), "\(wrongKey.stderr)")

            // Re-signed with another key (same name): the trusted key did not sign it.
            let signer = try NoteSigner(pem: String(contentsOfFile: other + "/test.example.key", encoding: .utf8))
            try Self.editNote(dir) { note in
                try SignedNote.sign(SignedNote(parsing: Array(note.utf8)).text, with: signer).serialized
            }
            let resigned = try Self.verify(dir, key: fixture.pub)
            #expect(resigned.status == 3, "\(resigned.stdout) \(resigned.stderr)")
            // ... and with the other key it is trusted, but its size/root must still agree (they do: same body).
            #expect(try Self.verify(dir, key: otherPub).status == 0)

            // The note's body edited under its old signature.
            try pristine.write(to: URL(fileURLWithPath: dir + "/manifest.json"))
            try Self.editNote(dir) { note in note.replacingOccurrences(of: "\n\(n)\n", with: "\n\(n - 1)\n") }
            let edited = try Self.verify(dir, key: fixture.pub)
            #expect(edited.status == 3, "\(edited.stdout) \(edited.stderr)")

            // A malformed note.
            try pristine.write(to: URL(fileURLWithPath: dir + "/manifest.json"))
            try Self.editNote(dir) { _ in "not a note" }
            #expect(try Self.verify(dir, key: fixture.pub).status == 3)

            // The manifest's stated tree changed, the note intact: the report disagrees (2).
            try pristine.write(to: URL(fileURLWithPath: dir + "/manifest.json"))
            let path = dir + "/manifest.json"
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            var checkpoint = object["checkpoint"] as! [String: Any]
            checkpoint["root"] = Data(repeating: 7, count: 32).base64EncodedString()
            object["checkpoint"] = checkpoint
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
            let disagrees = try Self.verify(dir, key: fixture.pub)
            #expect(disagrees.status == 2, "\(disagrees.stdout) \(disagrees.stderr)")
            #expect(disagrees.stderr.contains("head mismatch at size \(n)"), "\(disagrees.stderr)")
        }
    }

    /// The log cut behind the checkpoint's back (head moved back, chain intact): the job
    /// refuses with exit 2 and writes nothing.
    @Test func theJobRefusesALogThatDisagreesWithTheCheckpoint() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let n = fixture.events
            try fixture.asSuperuserWithoutTriggers("""
                DELETE FROM mcledger.events WHERE position > \(n - 3);
                UPDATE mcledger.ledger_head SET position = \(n - 3), hash = (SELECT hash FROM mcledger.events WHERE position = \(n - 3));
                """)
            let (result, dir) = try Self.report(fixture, into: "cut")
            #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("log shorter than signed checkpoint: \(n - 3) < \(n)"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir))
        }
    }

    @Test func reportVerifyWithoutACheckpointOrFolderSaysSo() throws {
        try CheckpointTamperTests.withFixture { fixture in
            let out = fixture.folder + "/plain"
            try fixture.target.ok(["report", "nightly", "--out", out, "--as-of", "2026-09-01", "--year", "2026-27"])
            let dir = out + "/2026-09-01"
            let manifest = try String(contentsOfFile: dir + "/manifest.json", encoding: .utf8)
            #expect(!manifest.contains("checkpoint"))
            #expect(try Self.verify(dir, key: nil).status == 0)
            let keyed = try Self.verify(dir, key: fixture.pub)
            #expect(keyed.status == 3 && keyed.stderr.contains("names no checkpoint"), "\(keyed.stderr)")
            #expect(try Self.verify(fixture.folder + "/nowhere", key: nil).status == 64)
            let help = try runCLI(["report", "verify", "--help"])
            #expect(help.stdout.contains("mcledger report verify"), "\(help.stdout)")
            let noKey = try fixture.target.run(["report", "nightly", "--out", out, "--checkpoint", fixture.checkpoints + "/latest"])
            #expect(noKey.status == 64, "\(noKey.stderr)")
        }
    }
}
