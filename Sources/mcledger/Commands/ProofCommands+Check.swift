import ArgumentParser
import EventStore
import Foundation

extension ProofCommands {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a proof or a receipt against signed checkpoints, with no database.",
            discussion: """
                An inclusion proof must be for the tree of a checkpoint given; a consistency \
                proof's --to size must be a checkpoint's (its --from root is taken from a \
                checkpoint of that size when one is given, else from the proof). A receipt \
                (a write's --receipt FILE) holds its events' audit paths in the tree right \
                after the append: against a checkpoint of that size nothing more is needed; \
                against a later one, also the consistency proof between the two trees, from \
                --consistency FILE (`mcledger proof consistency --from N --to CHECKPOINT \
                --format json`, made by anyone with read access) or fetched with --database \
                (the database is not trusted: what it returns is checked against the \
                signed root).

                Exit status: 0 the proof holds; 2 it does not (another tree, an edited byte, \
                a rewritten log); 3 a checkpoint cannot be trusted; 65 the file is not a \
                proof or receipt; 64 usage.

                Examples:
                  mcledger proof check p42.json --checkpoint checkpoints/1000 --key ledger.pub
                  mcledger proof check receipt.json --checkpoint checkpoints/latest --key ledger.vkey --database "$DATABASE_URL"
                """
        )

        @Argument(help: ArgumentHelp("The proof or receipt (JSON).", valueName: "proof-or-receipt.json"))
        var file: String
        @Option(name: .customLong("checkpoint"), help: ArgumentHelp("A signed checkpoint file (repeatable).", valueName: "file"))
        var checkpoints: [String] = []
        @Option(name: .customLong("key"), help: ArgumentHelp("The checkpoints' public key: PEM file, verifier key, or a file of one (repeatable).", valueName: "pubkey"))
        var keys: [String] = []
        @Option(help: ArgumentHelp("For a receipt: the consistency proof from its tree to the checkpoint's.", valueName: "file"))
        var consistency: String?
        @Option(
            name: .customLong("database"),
            help: ArgumentHelp("For a receipt: fetch that consistency proof from this (untrusted) database.", valueName: "uri")
        )
        var database: String?
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func validate() throws {
            if checkpoints.isEmpty { throw ValidationError("give at least one --checkpoint FILE") }
            if keys.isEmpty { throw ValidationError("give --key, the public key that signed the checkpoints") }
        }

        func run() throws {
            let trusted = try trustedKeys(keys)
            try reportingTrust(format: format) {
                let signed = try signedCheckpoints(checkpoints, keys: trusted).map(\.checkpoint)
                let document = try Self.read(file)
                var bridge = try consistency.map(Self.read)
                if bridge == nil, let database, document.type == "receipt", let size = document.treeSize,
                   let target = signed.filter({ $0.size > size }).min(by: { $0.size < $1.size }), !signed.contains(where: { $0.size == size }) {
                    bridge = try Self.fetchConsistency(database, from: size, to: target.size)
                }
                let findings = try ProofChecker.check(document, against: signed, consistency: bridge)
                switch format {
                case .json:
                    JSONOutput.object([("holds", .bool(true)), ("findings", .array(findings.map(JSONOutput.string)))]).print()
                case .text:
                    for line in findings { print("OK: \(line)") }
                }
            }
        }

        static func read(_ path: String) throws -> ProofDocument {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ProofError(.malformed, "cannot read \(path)")
            }
            return try ProofDocument(json: data)
        }

        static func fetchConsistency(_ uri: String, from: Int64, to: Int64) throws -> ProofDocument {
            var options = ConnectionOptions()
            options.database = uri
            return try options.withLedger { db in
                let store = EventStore(connection: db)
                let path = try store.consistencyProof(old: from, new: to)
                return .consistency(fromSize: from, fromRoot: try store.merkleRoot(size: from), toSize: to, toRoot: try store.merkleRoot(size: to), path: path)
            }
        }
    }
}
