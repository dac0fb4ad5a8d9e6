/// Checks a proof or receipt against signed checkpoints, with no database: what
/// `mcledger proof check` runs.
public enum ProofChecker {
    /// What held, in words, one line per fact established.
    public typealias Findings = [String]

    /// - Parameters:
    ///   - checkpoints: checkpoints already verified against a trusted key.
    ///   - consistency: for a receipt whose tree is smaller than the checkpoint's, the
    ///     consistency proof from the receipt's tree to the checkpoint's.
    /// - Throws: ``ProofError`` `.malformed` for a document that is not a proof, or
    ///   `.doesNotHold` naming what failed.
    public static func check(_ document: ProofDocument, against checkpoints: [Checkpoint], consistency: ProofDocument? = nil) throws -> Findings {
        guard !checkpoints.isEmpty else { throw ProofError(.malformed, "no checkpoint to check against") }
        switch document.type {
        case "inclusion":
            let size = try required(document.treeSize, "treeSize")
            let checkpoint = try checkpointOf(size: size, checkpoints, what: "the inclusion proof")
            let leaf = try leafOf(document)
            try checkInclusion(leaf, size: size, root: checkpoint.root)
            return ["position \(leaf.position) (leaf \(leaf.leafIndex)) is in the signed tree of \(size) events (\(checkpoint.origin))"]
        case "consistency":
            let from = try required(document.fromSize, "fromSize")
            let to = try required(document.toSize, "toSize")
            let target = try checkpointOf(size: to, checkpoints, what: "the consistency proof")
            var findings: Findings = []
            let fromRoot: [UInt8]
            if let signed = checkpoints.first(where: { $0.size == from }) {
                fromRoot = signed.root
            } else {
                fromRoot = try B64.hash(document.fromRoot, "fromRoot")
                findings.append("no checkpoint of size \(from) was given: its root is taken from the proof")
            }
            let path = try hashes(document.path, "path")
            guard Merkle.verifyConsistency(oldSize: from, oldRoot: fromRoot, newSize: to, newRoot: target.root, path: path) else {
                throw ProofError(.doesNotHold, "the consistency proof from \(from) to \(to) events does not hold against the signed root of size \(to)")
            }
            findings.append("the signed tree of \(to) events extends the tree of \(from) events")
            return findings
        case "receipt":
            return try checkReceipt(document, checkpoints, consistency)
        default:
            throw ProofError(.malformed, "unknown proof type '\(document.type.prefix(40))'; expected inclusion, consistency or receipt")
        }
    }

    static func checkReceipt(_ receipt: ProofDocument, _ checkpoints: [Checkpoint], _ consistency: ProofDocument?) throws -> Findings {
        let size = try required(receipt.treeSize, "treeSize")
        let root = try B64.hash(receipt.root, "root")
        let events = try required(receipt.events, "events")
        guard !events.isEmpty else { throw ProofError(.malformed, "the receipt lists no events") }
        for event in events {
            try checkInclusion(event, size: size, root: root)
        }
        var findings = ["the receipt's \(events.count) event(s) (positions \(events.map { String($0.position) }.joined(separator: ", "))) are in its tree of \(size) events"]
        // The signed tree at or past the receipt's, and the receipt's tree a prefix of it.
        guard let signed = checkpoints.filter({ $0.size >= size }).min(by: { $0.size < $1.size }) else {
            let largest = checkpoints.map(\.size).max() ?? 0
            throw ProofError(.doesNotHold, "the receipt's tree has \(size) events, more than any checkpoint given (largest \(largest)): check it against a later checkpoint")
        }
        if signed.size == size {
            guard signed.root == root else {
                throw ProofError(.doesNotHold, "the receipt's root differs from the signed root of size \(size): the log was rewritten, or the receipt edited")
            }
        } else {
            guard let consistency else {
                throw ProofError(
                    .malformed, "the checkpoint has \(signed.size) events, the receipt's tree \(size): give the consistency proof between them, or a database to fetch it from",
                    consistencyNeeded: .init(from: size, to: signed.size)
                )
            }
            guard consistency.type == "consistency", consistency.fromSize == size, consistency.toSize == signed.size else {
                throw ProofError(.doesNotHold, "the consistency proof given is not from \(size) to \(signed.size) events")
            }
            let path = try hashes(consistency.path, "path")
            guard Merkle.verifyConsistency(oldSize: size, oldRoot: root, newSize: signed.size, newRoot: signed.root, path: path) else {
                throw ProofError(.doesNotHold, "the signed tree of \(signed.size) events does not extend the receipt's tree of \(size): the log was rewritten, or the receipt edited")
            }
        }
        findings.append("the signed tree of \(signed.size) events (\(signed.origin)) extends the receipt's tree: its events are in the signed log")
        return findings
    }

    static func leafOf(_ document: ProofDocument) throws -> ProofDocument.Leaf {
        let chain = try B64.hash(document.chainHash, "chainHash")
        let position = try required(document.position, "position")
        var leaf = ProofDocument.Leaf(position: position, eventId: document.eventId, chainHash: chain, path: [])
        leaf.path = try required(document.path, "path")
        if let index = document.leafIndex { leaf.leafIndex = index }
        if let hash = document.leafHash { leaf.leafHash = hash }
        return leaf
    }

    static func checkInclusion(_ leaf: ProofDocument.Leaf, size: Int64, root: [UInt8]) throws {
        let chain = try B64.hash(leaf.chainHash, "chainHash")
        let leafHash = try B64.hash(leaf.leafHash, "leafHash")
        guard leafHash == Merkle.leafHash(chain) else {
            throw ProofError(.doesNotHold, "position \(leaf.position): the leaf hash is not SHA-256(0x00 ‖ chain hash)")
        }
        guard leaf.leafIndex == leaf.position - 1 else {
            throw ProofError(.doesNotHold, "position \(leaf.position) is leaf \(leaf.position - 1), not \(leaf.leafIndex)")
        }
        let path = try hashes(leaf.path, "path")
        guard Merkle.verifyInclusion(leafHash: leafHash, index: leaf.leafIndex, size: size, path: path, root: root) else {
            throw ProofError(.doesNotHold, "position \(leaf.position) is not proven in the tree of \(size) events: the proof is for another tree, or was edited")
        }
    }

    static func checkpointOf(size: Int64, _ checkpoints: [Checkpoint], what: String) throws -> Checkpoint {
        guard let checkpoint = checkpoints.first(where: { $0.size == size }) else {
            throw ProofError(.doesNotHold, "\(what) is for a tree of \(size) events; no checkpoint given has that size (\(checkpoints.map { String($0.size) }.joined(separator: ", ")))")
        }
        return checkpoint
    }

    static func required<T>(_ value: T?, _ field: String) throws -> T {
        guard let value else { throw ProofError(.malformed, "the proof has no \"\(field)\"") }
        return value
    }

    static func hashes(_ values: [String]?, _ field: String) throws -> [[UInt8]] {
        let values = try required(values, field)
        guard values.count <= 64 else { throw ProofError(.malformed, "\"\(field)\" has \(values.count) hashes; a proof has at most 64") }
        return try values.map { try B64.hash($0, field) }
    }
}
