internal import Postgres

/// A tree of `size` leaves as the store can show it: complete subtrees from
/// mcledger.merkle_nodes where the tree has integrated them, the rest from the leaf
/// hashes of the events past it.
struct MerkleView {
    /// Leaves mcledger.merkle_nodes holds.
    var stored: Int64
    /// Leaf hashes of leaves `stored ..< stored + tail.count`.
    var tail: [[UInt8]]

    func node(_ id: MerkleNodeID, stored lookup: MerkleNodeSource) throws -> [UInt8] {
        let end = (id.index + 1) << Int64(id.level)
        if end <= stored { return try lookup(id) }
        guard end <= stored + Int64(tail.count) else {
            throw MerkleError(message: "the tree has \(stored + Int64(tail.count)) leaves; leaf \(end - 1) is past it")
        }
        if id.level == 0 { return tail[Int(id.index - stored)] }
        return Merkle.nodeHash(
            try node(MerkleNodeID(level: id.level - 1, index: id.index * 2), stored: lookup),
            try node(MerkleNodeID(level: id.level - 1, index: id.index * 2 + 1), stored: lookup)
        )
    }
}

extension EventStore {
    /// Adds the events up to the recorded head to the Merkle tree (mcledger.merkle_extend).
    ///
    /// - Returns: the tree size now held.
    /// - Throws: ``EventStoreError`` `.logTampered` when the log has a gap or ends before
    ///   what the tree already holds.
    @discardableResult
    public func integrateMerkleTree() throws -> Int64 {
        try run {
            guard let size = try connection.execute("SELECT mcledger.merkle_extend()").first?.int64(0) else {
                throw EventStoreError(code: .database, message: "mcledger.merkle_extend returned no size")
            }
            return size
        }
    }

    /// How many leaves mcledger.merkle_nodes holds (the size of the last integration).
    public func merkleSize() throws -> Int64 {
        try run {
            try connection.execute("SELECT coalesce(max(index) + 1, 0) FROM mcledger.merkle_nodes WHERE level = 0").first?.int64(0) ?? 0
        }
    }

    /// The root of the tree of the first `size` events.
    ///
    /// - Parameter tail: also read the leaves past the integrated tree from the events
    ///   (a receipt, right after its append); otherwise a size past it is refused.
    public func merkleRoot(size: Int64, tail: Bool = false) throws -> [UInt8] {
        try withMerkleTree(size: size, tail: tail) { node in try Merkle.root(size: size, node) }
    }

    /// The audit path of leaf `index` (position `index + 1`) in the tree of `size` events.
    public func inclusionProof(index: Int64, size: Int64, tail: Bool = false) throws -> [[UInt8]] {
        guard index >= 0, index < size else {
            throw EventStoreError(code: .invalidInput, message: "position \(index + 1) is not in a tree of \(size) events")
        }
        return try withMerkleTree(size: size, tail: tail) { node in try Merkle.inclusionPath(index: index, size: size, node) }
    }

    /// The consistency proof from the tree of `old` events to the tree of `new` events.
    public func consistencyProof(old: Int64, new: Int64) throws -> [[UInt8]] {
        guard old > 0, old <= new else {
            throw EventStoreError(code: .invalidInput, message: "a consistency proof needs 0 < old size ≤ new size (got \(old) and \(new))")
        }
        return try withMerkleTree(size: new, tail: false) { node in try Merkle.consistencyPath(old: old, new: new, node) }
    }

    /// Runs `body` (twice: once to learn which stored nodes it reads, once with them
    /// fetched in one query) over the tree of `size` leaves.
    func withMerkleTree<T>(size: Int64, tail readTail: Bool, _ body: (MerkleNodeSource) throws -> T) throws -> T {
        let stored = try merkleSize()
        var tail: [[UInt8]] = []
        if size > stored {
            guard readTail else {
                throw EventStoreError(
                    code: .invalidInput,
                    message: "the Merkle tree holds \(stored) events, fewer than \(size); run `mcledger checkpoint` to integrate the newer ones"
                )
            }
            tail = try run {
                try connection.execute(
                    "SELECT hash FROM mcledger.events WHERE position > $1 AND position <= $2 ORDER BY position", [stored, size]
                ).compactMap { $0.bytea(0) }.map(Merkle.leafHash)
            }
            guard tail.count == Int(size - stored) else {
                throw EventStoreError(code: .logTampered, message: "positions \(stored + 1) to \(size) should hold \(size - stored) events but hold \(tail.count)")
            }
        }
        let view = MerkleView(stored: min(stored, size), tail: tail)
        var needed = Set<MerkleNodeID>()
        let zero = [UInt8](repeating: 0, count: 32)
        _ = try body { id in
            try view.node(id, stored: { id in
                needed.insert(id)
                return zero
            })
        }
        let fetched = try merkleNodes(needed)
        return try body { id in
            try view.node(id, stored: { id in
                guard let hash = fetched[id] else {
                    throw EventStoreError(code: .logTampered, message: "mcledger.merkle_nodes lacks the node at level \(id.level), index \(id.index)")
                }
                return hash
            })
        }
    }

    /// The stored hashes of `ids`, in one query.
    func merkleNodes(_ ids: Set<MerkleNodeID>) throws -> [MerkleNodeID: [UInt8]] {
        guard !ids.isEmpty else { return [:] }
        let sorted = ids.sorted()
        let levels = "{" + sorted.map { String($0.level) }.joined(separator: ",") + "}"
        let indexes = "{" + sorted.map { String($0.index) }.joined(separator: ",") + "}"
        return try run {
            var nodes: [MerkleNodeID: [UInt8]] = [:]
            for row in try connection.execute("""
                SELECT n.level, n.index, n.hash FROM mcledger.merkle_nodes n
                  JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, index) ON n.level = w.level AND n.index = w.index
                """, [levels, indexes]) {
                guard let level = row.int(0), let index = row.int64(1), let hash = row.bytea(2) else { continue }
                nodes[MerkleNodeID(level: level, index: index)] = hash
            }
            return nodes
        }
    }
}
