import ArgumentParser
import EventStore
import Foundation
import Mentoring

extension ProofCommands {
    struct Inclusion: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inclusion",
            abstract: "Prove that an event is in the log's Merkle tree.",
            discussion: """
                The event is named by its id or its position. The tree is the checkpoint's \
                (--checkpoint FILE), else the tree of the last checkpoint. JSON output is the \
                file `mcledger proof check` reads: leaf index, tree size, root and the audit \
                path, hashes in base64. Exit 2 when the log's root is not the checkpoint's.

                Examples:
                  mcledger proof inclusion 42 --checkpoint checkpoints/1000 --format json > p42.json
                  mcledger proof check p42.json --checkpoint checkpoints/1000 --key ledger.pub
                """
        )

        @Argument(help: ArgumentHelp("The event: its id (uuid) or its position.", valueName: "event-id|position"))
        var event: String
        @Option(help: ArgumentHelp("Prove against this checkpoint's tree.", valueName: "file"))
        var checkpoint: String?
        @Option(name: .customLong("key"), help: ArgumentHelp("Check the checkpoint's signature with this public key first.", valueName: "pubkey"))
        var keys: [String] = []
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func run() throws {
            let trusted = try trustedKeys(keys)
            try reportingTrust(format: format) {
                let reference = try checkpoint.map { try TreeReference($0, keys: trusted) }
                let isPosition = !event.isEmpty && event.utf8.allSatisfy { (0x30...0x39).contains($0) }
                if !isPosition && UUID(uuidString: event) == nil {
                    throw InvalidValue(field: "event", value: event, message: "'\(event.prefix(80))' is neither a position nor an event id (uuid)")
                }
                try connection.withLedger { db in
                    let store = EventStore(connection: db)
                    let found = isPosition ? Int64(event) : try store.position(ofEvent: event.lowercased())
                    guard let position = found, position >= 1 else {
                        throw InvalidValue(field: "event", value: event, message: "no event \(event.prefix(80)) in the log")
                    }
                    let size = try reference?.size ?? store.merkleSize()
                    guard position <= size else {
                        throw InvalidValue(field: "event", value: event, message: "position \(position) is past the tree of \(size) events; run `mcledger checkpoint` first, or name a later checkpoint")
                    }
                    let root = try store.merkleRoot(size: size)
                    try reference?.check(root: root)
                    let path = try store.inclusionProof(index: position - 1, size: size)
                    guard let stored = try store.chainHashes([position])[position] else {
                        throw InvalidValue(field: "event", value: event, message: "position \(position) is missing from the log")
                    }
                    let leaf = ProofDocument.Leaf(position: position, eventId: stored.eventID, chainHash: stored.hash, path: path)
                    printProof(.inclusion(leaf, treeSize: size, root: root), format: format)
                }
            }
        }
    }
}
