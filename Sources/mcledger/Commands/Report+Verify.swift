import ArgumentParser
import EventStore
import Foundation
import Reports

extension Report {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a report folder against its manifest and the signed checkpoint it names (no database).",
            discussion: """
                Recomputes the SHA-256 of every file manifest.json lists and names each one \
                that differs or is missing. When the manifest names a checkpoint (the report \
                was written with --checkpoint and --key) and --key is given, it also checks \
                the note's signature and that the signed tree agrees with the report's: the \
                same root when the sizes are equal; when the report's tree is larger, the \
                consistency proof the manifest carries. The manifest itself is not signed: \
                keep a copy outside the database, as for --check-digest.

                Exit status:
                  0  every file matches (and the checkpoint, when --key is given, holds)
                  2  a file differs or is missing, or the report disagrees with a valid \
                signed checkpoint
                  3  the checkpoint cannot be trusted (malformed, bad signature, unknown \
                key), or --key was given and the manifest names no checkpoint
                  64 usage (no such folder, a key that cannot be read)

                Example:
                  mcledger report verify /var/lib/mcledger/reports/2027-06-30 --key mcledger.example-school.pub
                """
        )

        @Argument(help: ArgumentHelp("The report folder (DIR/<as-of>) holding manifest.json.", valueName: "dir"))
        var folder: String
        @Option(name: .customLong("key"), help: ArgumentHelp("The checkpoint's public key: PEM file, verifier key, or a file of one (repeatable).", valueName: "pubkey"))
        var keys: [String] = []

        func run() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                printError("\(folder) is not a folder; give a report folder, DIR/<as-of>")
                throw ExitCode(ExitStatus.usage)
            }
            let trusted = try trustedKeys(keys)
            let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
            guard let data = FileManager.default.contents(atPath: manifestPath) else {
                fail("\(manifestPath) is missing: the report cannot be checked", ExitStatus.logDisagrees)
            }
            let manifest: Manifest
            do {
                manifest = try Manifest.parse(Array(data))
            } catch {
                fail("\(manifestPath) is not a report manifest: \(error.message)", ExitStatus.logDisagrees)
            }
            var problems: [String] = []
            for entry in manifest.files {
                guard !entry.name.isEmpty, !entry.name.contains("/"), entry.name != "..", entry.name != "." else {
                    problems.append("the manifest names '\(entry.name)', which is not a file of the folder")
                    continue
                }
                guard let bytes = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(entry.name)) else {
                    problems.append("\(entry.name) is missing")
                    continue
                }
                let digest = Manifest.sha256(Array(bytes))
                if digest != entry.sha256 {
                    problems.append("\(entry.name) differs from the manifest: its SHA-256 is \(digest), the manifest has \(entry.sha256)")
                }
            }
            if !problems.isEmpty {
                for problem in problems { print("DIFFERS: \(problem)") }
                fail(problems.count == 1 ? problems[0] : "\(problems.count) files differ from the manifest; see above", ExitStatus.logDisagrees)
            }
            let files = "\(manifest.files.count) files match manifest.json"
            guard let record = manifest.checkpoint else {
                if !keys.isEmpty {
                    fail("the manifest names no checkpoint (the report was written without --checkpoint): nothing signed to check", ExitStatus.untrusted)
                }
                print("OK: \(files) (head position \(manifest.head.position))")
                return
            }
            guard !keys.isEmpty else {
                print("OK: \(files); the manifest names a checkpoint of size \(record.signedSize): give --key to check its signature")
                return
            }
            var signed: SignedCheckpoint?
            try reportingTrust {
                signed = try SignedCheckpoint(data: Array(record.note.utf8), keys: trusted)
            }
            guard let signed else { return }
            let checkpoint = signed.checkpoint
            let outcome = Self.compare(checkpoint, record, head: manifest.head.position)
            switch outcome {
            case .failure(let problem):
                fail("the report disagrees with its signed checkpoint (size \(checkpoint.size), signed by \(signed.signer.name)): \(problem)", ExitStatus.logDisagrees)
            case .success(let how):
                print("OK: \(files); checkpoint of size \(checkpoint.size) (\(checkpoint.origin), signed by \(signed.signer.name)) \(how)")
            }
        }

        /// How the signed checkpoint agrees with the report's tree, or why it does not.
        static func compare(_ checkpoint: Checkpoint, _ record: Manifest.CheckpointRecord, head: Int64) -> Result<String, Disagreement> {
            let base64 = Data(checkpoint.root).base64EncodedString()
            if checkpoint.size != record.signedSize || base64 != record.signedRoot {
                return .failure(Disagreement("the manifest states the signed tree as size \(record.signedSize), root \(record.signedRoot), but the note holds size \(checkpoint.size), root \(base64)"))
            }
            guard let root = Data(base64Encoded: record.root).map(Array.init), root.count == 32 else {
                return .failure(Disagreement("the manifest's tree root '\(record.root.prefix(60))' is not base64 of 32 bytes"))
            }
            if record.treeSize != head {
                return .failure(Disagreement("the manifest's tree size \(record.treeSize) is not its head position \(head)"))
            }
            if checkpoint.size > record.treeSize {
                return .failure(Disagreement("the report's tree (size \(record.treeSize)) is smaller than the signed checkpoint's (size \(checkpoint.size))"))
            }
            if checkpoint.size == record.treeSize {
                return root == checkpoint.root
                    ? .success("has the report's root")
                    : .failure(Disagreement("head mismatch at size \(checkpoint.size): the report's root is not the signed root"))
            }
            if checkpoint.size == 0 {
                return .success("is the empty tree, a prefix of the report's (size \(record.treeSize))")
            }
            if record.consistency.isEmpty {
                return .success("is older than the report's tree (size \(record.treeSize)) and the manifest carries no consistency proof; check it against the ledger with `mcledger proof consistency --from CHECKPOINT --to \(record.treeSize)`")
            }
            let path = record.consistency.compactMap { Data(base64Encoded: $0).map(Array.init) }
            guard path.count == record.consistency.count, path.allSatisfy({ $0.count == 32 }) else {
                return .failure(Disagreement("the manifest's consistency proof is not a list of base64 32-byte hashes"))
            }
            guard Merkle.verifyConsistency(oldSize: checkpoint.size, oldRoot: checkpoint.root, newSize: record.treeSize, newRoot: root, path: path) else {
                return .failure(Disagreement("the consistency proof from size \(checkpoint.size) to the report's tree (size \(record.treeSize)) does not hold"))
            }
            return .success("is consistent with the report's tree (size \(record.treeSize)) by the manifest's proof")
        }

        struct Disagreement: Error {
            var message: String
            init(_ message: String) { self.message = message }
        }

        private func fail(_ message: String, _ status: Int32) -> Never {
            printError(message)
            Self.exit(withError: ExitCode(status))
        }
    }
}
