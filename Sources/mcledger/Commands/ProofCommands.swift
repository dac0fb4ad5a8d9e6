import ArgumentParser
import EventStore
import Foundation

struct ProofCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Prove an event is in the log, or that the log only grew; check such proofs.",
        discussion: """
            Proofs are RFC 9162 Merkle proofs over the tree `mcledger checkpoint` keeps, so \
            they cover the events up to the last checkpoint. `proof check` needs no \
            database: it checks a proof or a write's --receipt against signed checkpoints.
            """,
        subcommands: [Inclusion.self, Consistency.self, Check.self]
    )
}

/// Output of a proof: JSON (the file `proof check` reads) or a few lines of text.
func printProof(_ document: ProofDocument, format: OutputFormat) {
    switch format {
    case .json:
        print(document.json(), terminator: "")
    case .text:
        if document.type == "inclusion" {
            print("inclusion of position \(document.position ?? 0) (leaf \(document.leafIndex ?? 0)) in the tree of \(document.treeSize ?? 0) events")
            print("event id    \(document.eventId ?? "")")
            print("chain hash  \(document.chainHash ?? "")")
            print("leaf hash   \(document.leafHash ?? "")")
            print("root        \(document.root ?? "")")
        } else {
            print("consistency of the tree of \(document.fromSize ?? 0) events with the tree of \(document.toSize ?? 0)")
            print("from root   \(document.fromRoot ?? "")")
            print("to root     \(document.toRoot ?? "")")
        }
        for (index, hash) in (document.path ?? []).enumerated() { print("path[\(index)]  \(hash)") }
    }
}

/// A `--checkpoint FILE` or a plain size: the tree size a proof is for. A file's
/// signature is checked when keys are given; its root is then compared with the store's.
struct TreeReference {
    var size: Int64
    var checkpoint: Checkpoint?

    init(_ argument: String, keys: [TrustedKey]) throws {
        if !argument.isEmpty, argument.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let size = Int64(argument) {
            self.size = size
            return
        }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw NoteError("'\(argument)' is neither a tree size nor a readable checkpoint file")
        }
        let checkpoint = keys.isEmpty
            ? try Checkpoint(body: try SignedNote(parsing: Array(data)).text)
            : try SignedCheckpoint(path: argument, keys: keys).checkpoint
        size = checkpoint.size
        self.checkpoint = checkpoint
    }

    /// The root the store gives for this size must be the checkpoint's: else the log
    /// disagrees with it, and a proof from it would not hold.
    func check(root: [UInt8]) throws {
        guard let checkpoint, checkpoint.root != root else { return }
        throw ProofError(.doesNotHold, "head mismatch at size \(size): the log's Merkle root is not the checkpoint's")
    }
}
