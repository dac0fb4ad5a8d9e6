/// Every complete subtree of a tree held in memory: level 0 the leaf hashes, level `l`
/// the nodes over `2^l` leaves. What mcledger.merkle_nodes holds, for tests, small
/// trees and the tail of the log that no checkpoint has integrated yet.
public struct MerkleLevels: Sendable {
    public private(set) var levels: [[[UInt8]]]

    /// - Parameter leafHashes: ``Merkle/leafHash(_:)`` of each leaf input, in order.
    public init(leafHashes: [[UInt8]]) {
        levels = [leafHashes]
        while let below = levels.last, below.count >= 2 {
            levels.append(stride(from: 0, to: below.count - 1, by: 2).map { Merkle.nodeHash(below[$0], below[$0 + 1]) })
        }
    }

    public var size: Int64 { Int64(levels[0].count) }

    /// The hash of complete subtree `id`; throws when the tree does not hold it.
    public func node(_ id: MerkleNodeID) throws -> [UInt8] {
        guard id.level < levels.count, id.index >= 0, id.index < levels[id.level].count else {
            throw MerkleError(message: "the tree of \(size) leaves has no complete subtree at level \(id.level), index \(id.index)")
        }
        return levels[id.level][Int(id.index)]
    }
}

/// A node a proof needs is missing, or a proof was asked for sizes the tree does not have.
public struct MerkleError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
