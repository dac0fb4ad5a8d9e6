import ArgumentParser
import EventStore
import Foundation

extension ProofCommands {
    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "consistency",
            abstract: "Prove that the log only grew between two tree sizes.",
            discussion: """
                --from and --to are each a checkpoint file or a tree size; both sizes must be \
                in the tree of the last checkpoint. JSON output is the file `mcledger proof \
                check` (and a receipt's check) reads. Exit 2 when the log's root at a \
                checkpoint's size is not the checkpoint's.

                Example:
                  mcledger proof consistency --from checkpoints/990 --to checkpoints/1000 --format json
                """
        )

        @Option(help: ArgumentHelp("The older tree: a checkpoint file or a size.", valueName: "file|size"))
        var from: String
        @Option(help: ArgumentHelp("The newer tree: a checkpoint file or a size.", valueName: "file|size"))
        var to: String
        @Option(name: .customLong("key"), help: ArgumentHelp("Check the checkpoints' signatures with this public key first.", valueName: "pubkey"))
        var keys: [String] = []
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func run() throws {
            let trusted = try trustedKeys(keys)
            try reportingTrust(format: format) {
                let old = try TreeReference(from, keys: trusted)
                let new = try TreeReference(to, keys: trusted)
                guard old.size > 0, old.size <= new.size else {
                    throw ProofError(.malformed, "a consistency proof needs 0 < --from size ≤ --to size (got \(old.size) and \(new.size))")
                }
                try connection.withLedger { db in
                    let store = EventStore(connection: db)
                    let oldRoot = try store.merkleRoot(size: old.size)
                    let newRoot = try store.merkleRoot(size: new.size)
                    try old.check(root: oldRoot)
                    try new.check(root: newRoot)
                    let path = try store.consistencyProof(old: old.size, new: new.size)
                    printProof(.consistency(fromSize: old.size, fromRoot: oldRoot, toSize: new.size, toRoot: newRoot, path: path), format: format)
                }
            }
        }
    }
}
