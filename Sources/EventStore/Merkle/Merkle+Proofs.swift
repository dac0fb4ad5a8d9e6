/// Building hashes and proofs from complete subtrees (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1).
///
/// Every range the RFC's recursion visits splits into complete, aligned subtrees, so a
/// store that keeps those (mcledger.merkle_nodes) answers any root or proof with at most
/// a few dozen lookups, however long the log.
extension Merkle {
    /// MTH(D[start:end]).
    public static func hash(start: Int64, end: Int64, _ node: MerkleNodeSource) throws -> [UInt8] {
        let size = end - start
        if size == 0 { return emptyRoot }
        if isPowerOfTwo(size) && start % size == 0 {
            return try node(MerkleNodeID(level: level(of: size), index: start / size))
        }
        let k = split(size)
        return nodeHash(try hash(start: start, end: start + k, node), try hash(start: start + k, end: end, node))
    }

    /// The root of the tree of the first `size` leaves.
    public static func root(size: Int64, _ node: MerkleNodeSource) throws -> [UInt8] {
        try hash(start: 0, end: size, node)
    }

    /// PATH(index, D[size]): the audit path of leaf `index`, from the leaf up.
    public static func inclusionPath(index: Int64, size: Int64, _ node: MerkleNodeSource) throws -> [[UInt8]] {
        precondition(index >= 0 && index < size)
        var path: [[UInt8]] = []
        try inclusionPath(index, 0, size, node, &path)
        return path
    }

    private static func inclusionPath(_ m: Int64, _ start: Int64, _ end: Int64, _ node: MerkleNodeSource, _ path: inout [[UInt8]]) throws {
        let n = end - start
        guard n > 1 else { return }
        let k = split(n)
        if m - start < k {
            try inclusionPath(m, start, start + k, node, &path)
            path.append(try hash(start: start + k, end: end, node))
        } else {
            try inclusionPath(m, start + k, end, node, &path)
            path.append(try hash(start: start, end: start + k, node))
        }
    }

    /// PROOF(old, D[new]): the consistency proof between the trees of `old` and `new` leaves.
    ///
    /// Empty when `old == new`; needs `0 < old ≤ new`.
    public static func consistencyPath(old: Int64, new: Int64, _ node: MerkleNodeSource) throws -> [[UInt8]] {
        precondition(old > 0 && old <= new)
        var path: [[UInt8]] = []
        try subproof(old, 0, new, true, node, &path)
        return path
    }

    private static func subproof(_ m: Int64, _ start: Int64, _ end: Int64, _ complete: Bool, _ node: MerkleNodeSource, _ path: inout [[UInt8]]) throws {
        let n = end - start
        if m == n {
            if !complete { path.append(try hash(start: start, end: end, node)) }
            return
        }
        let k = split(n)
        if m <= k {
            try subproof(m, start, start + k, complete, node, &path)
            path.append(try hash(start: start + k, end: end, node))
        } else {
            try subproof(m - k, start + k, end, false, node, &path)
            path.append(try hash(start: start, end: start + k, node))
        }
    }

    /// The complete subtrees a computation reads, found by running it against a source
    /// that only records: so a store can fetch them all in one query.
    public static func nodesNeeded(_ body: (MerkleNodeSource) throws -> Void) rethrows -> Set<MerkleNodeID> {
        var needed = Set<MerkleNodeID>()
        let zero = [UInt8](repeating: 0, count: 32)
        try body { id in
            needed.insert(id)
            return zero
        }
        return needed
    }
}
