internal import Crypto

/// The Merkle tree hashing of RFC 9162 §2.1 (the RFC 6962 hash), over the ledger's chain hashes.
///
/// Leaf `i` (0-based) is the event at position `i + 1`; its leaf input is that event's
/// 32-byte chain hash. Domain separation keeps a leaf from passing for a node:
/// `leaf = SHA-256(0x00 ‖ input)`, `node = SHA-256(0x01 ‖ left ‖ right)`, and the root
/// of an empty tree is `SHA-256("")`. Pure: no I/O, so an outside verifier can read it
/// next to docs/VERIFYING.md.
public enum Merkle {
    /// `SHA-256(0x00 ‖ input)`.
    public static func leafHash(_ input: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: input)
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root of the empty tree, `SHA-256("")`.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// The largest power of two strictly less than `n` (n ≥ 2): the RFC's split point `k`.
    static func split(_ n: Int64) -> Int64 {
        precondition(n >= 2)
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    static func isPowerOfTwo(_ n: Int64) -> Bool { n > 0 && n & (n - 1) == 0 }

    /// The level of a complete subtree of `size` leaves (size a power of two): log2(size).
    static func level(of size: Int64) -> Int { size.trailingZeroBitCount }
}

/// A complete subtree: `2^level` leaves starting at leaf `index << level`.
public struct MerkleNodeID: Hashable, Sendable, Comparable {
    public var level: Int
    public var index: Int64

    public init(level: Int, index: Int64) {
        self.level = level
        self.index = index
    }

    public static func < (a: Self, b: Self) -> Bool { (a.level, a.index) < (b.level, b.index) }
}

/// Anything that can give the hash of a complete subtree (stored nodes, or leaves in memory).
public typealias MerkleNodeSource = (MerkleNodeID) throws -> [UInt8]
