import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres

/// `--receipt FILE` of every write: evidence, kept by whoever wrote, that the events
/// were appended, which any later signed checkpoint proves or disproves
/// (`mcledger proof check RECEIPT --checkpoint FILE --key PUBKEY`).
extension WriteOptions {
    /// Refuses, before anything is written, a receipt path that cannot be written.
    func checkReceiptPath() throws {
        guard let receipt else { return }
        let folder = (receipt as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        var isDirectory: ObjCBool = false
        guard !receipt.isEmpty, FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: directory)
        else {
            throw InvalidValue(field: "--receipt", value: receipt, message: "cannot write a receipt at '\(receipt)': its folder does not exist or is not writable; nothing was written")
        }
        if FileManager.default.fileExists(atPath: receipt, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InvalidValue(field: "--receipt", value: receipt, message: "'\(receipt)' is a folder; give a file name; nothing was written")
        }
    }

    /// Writes the receipt of `outcome`: the tree is the one of the write's last position,
    /// so a concurrent writer's later events are not in it.
    ///
    /// The write has committed by now: a receipt that cannot be made is a warning.
    func writeReceipt(_ outcome: WriteOutcome, _ db: Connection) {
        guard let receipt, let range = outcome.positions else { return }
        let size = range.upperBound
        do {
            let store = EventStore(connection: db)
            let positions = Array(range)
            let hashes = try store.chainHashes(positions)
            let root = try store.merkleRoot(size: size, tail: true)
            let leaves = try positions.map { position in
                guard let stored = hashes[position] else {
                    throw EventStoreError(code: .database, message: "position \(position) is missing from the log")
                }
                let path = try store.inclusionProof(index: position - 1, size: size, tail: true)
                return ProofDocument.Leaf(position: position, eventId: stored.eventID, chainHash: stored.hash, path: path)
            }
            try writeAtomically(ProofDocument.receipt(leaves, treeSize: size, root: root, commandID: outcome.commandID).json(), to: receipt)
        } catch {
            printError("the write is recorded, but its receipt could not be written (\(error))")
        }
    }
}
