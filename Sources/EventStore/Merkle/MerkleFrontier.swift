/// The right edge of a growing Merkle tree: the roots of its complete subtrees, largest
/// first (at most 64), so the root of every prefix of a log of any length is had in one
/// pass with flat memory.
public struct MerkleFrontier: Sendable, Equatable {
    /// (hash, leaves) of each complete subtree on the edge, left to right; sizes strictly decrease.
    private var stack: [(hash: [UInt8], size: Int64)] = []
    /// Leaves appended so far.
    public private(set) var size: Int64 = 0

    public init() {}

    /// Appends the leaf hash of the next leaf (``Merkle/leafHash(_:)`` of its input).
    public mutating func append(leafHash: [UInt8]) {
        var hash = leafHash
        var width: Int64 = 1
        while let last = stack.last, last.size == width {
            stack.removeLast()
            hash = Merkle.nodeHash(last.hash, hash)
            width <<= 1
        }
        stack.append((hash, width))
        size += 1
    }

    /// MTH of the leaves appended so far.
    public var root: [UInt8] {
        guard var hash = stack.last?.hash else { return Merkle.emptyRoot }
        for entry in stack.dropLast().reversed() { hash = Merkle.nodeHash(entry.hash, hash) }
        return hash
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.size == b.size && a.stack.map(\.hash) == b.stack.map(\.hash)
    }
}
