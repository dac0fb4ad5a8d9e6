import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// The Merkle tree of RFC 9162 §2.1: roots, audit paths and consistency proofs built
/// from complete subtrees agree with the RFC's recursive definitions written out
/// naively, and the RFC's verification algorithms accept them and nothing else.
@Suite struct MerkleTests {
    // MARK: The RFC's definitions, naively

    static func mth(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return Merkle.emptyRoot
        case 1: return Merkle.leafHash(leaves.first!)
        default:
            let k = splitPoint(leaves.count)
            return Merkle.nodeHash(mth(leaves.prefix(k)), mth(leaves.dropFirst(k)))
        }
    }

    static func splitPoint(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = splitPoint(leaves.count)
        if m < k { return path(m, leaves.prefix(k)) + [mth(leaves.dropFirst(k))] }
        return path(m - k, leaves.dropFirst(k)) + [mth(leaves.prefix(k))]
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ b: Bool) -> [[UInt8]] {
        if m == leaves.count { return b ? [] : [mth(leaves)] }
        let k = splitPoint(leaves.count)
        if m <= k { return subproof(m, leaves.prefix(k), b) + [mth(leaves.dropFirst(k))] }
        return subproof(m - k, leaves.dropFirst(k), false) + [mth(leaves.prefix(k))]
    }

    static func inputs(_ count: Int, _ generator: inout SeededGenerator) -> [[UInt8]] {
        (0..<count).map { _ in (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) } }
    }

    // MARK: Known answers

    /// The leaves and roots of certificate-transparency's merkle_tree_test, the usual
    /// RFC 6962 vectors.
    @Test func theRFC6962TestVectorsGiveTheirRoots() throws {
        let leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
            .map { Hex.decode($0)! }
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ]
        let tree = MerkleLevels(leafHashes: leaves.map(Merkle.leafHash))
        var frontier = MerkleFrontier()
        for size in 1...8 {
            frontier.append(leafHash: Merkle.leafHash(leaves[size - 1]))
            #expect(Hex.encode(try Merkle.root(size: Int64(size), tree.node)) == roots[size - 1], "size \(size)")
            #expect(Hex.encode(frontier.root) == roots[size - 1], "size \(size)")
        }
        #expect(Hex.encode(Merkle.emptyRoot) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// RFC 9162 §2.1.5's example tree of seven leaves: the shapes of its proofs.
    @Test func theRFCExampleTreeHasTheRFCProofShapes() throws {
        var generator = SeededGenerator(seed: 9162)
        let leaves = Self.inputs(7, &generator)
        let tree = MerkleLevels(leafHashes: leaves.map(Merkle.leafHash))
        let h = { (a: Int, b: Int) in Self.mth(leaves[a..<b]) }
        // The audit path for d0 is [b, h, l]; for d3 [c, g, l]; for d4 [f, j, k].
        #expect(try Merkle.inclusionPath(index: 0, size: 7, tree.node) == [h(1, 2), h(2, 4), h(4, 7)])
        #expect(try Merkle.inclusionPath(index: 3, size: 7, tree.node) == [h(2, 3), h(0, 2), h(4, 7)])
        #expect(try Merkle.inclusionPath(index: 4, size: 7, tree.node) == [h(5, 6), h(6, 7), h(0, 4)])
        // Consistency 3→7 is [c, d, g, l]; 4→7 is [l]; 6→7 is [i, j, k].
        #expect(try Merkle.consistencyPath(old: 3, new: 7, tree.node) == [h(2, 3), h(3, 4), h(0, 2), h(4, 7)])
        #expect(try Merkle.consistencyPath(old: 4, new: 7, tree.node) == [h(4, 7)])
        #expect(try Merkle.consistencyPath(old: 6, new: 7, tree.node) == [h(4, 6), h(6, 7), h(0, 4)])
    }

    // MARK: Against the naive definitions, sizes 1…300

    @Test func rootsAndProofsMatchTheNaiveDefinitionsForEverySizeUpTo300() throws {
        var generator = SeededGenerator(seed: 6962)
        let leaves = Self.inputs(300, &generator)
        let tree = MerkleLevels(leafHashes: leaves.map(Merkle.leafHash))
        var frontier = MerkleFrontier()
        for n in 1...300 {
            frontier.append(leafHash: Merkle.leafHash(leaves[n - 1]))
            let size = Int64(n)
            let root = Self.mth(leaves[0..<n])
            #expect(try Merkle.root(size: size, tree.node) == root)
            #expect(frontier.root == root)
            // A few leaves and old sizes per tree size keep the run short but cover the edges.
            let picks = Set([0, n - 1, n / 2, Int.random(in: 0..<n, using: &generator)])
            for m in picks {
                let path = try Merkle.inclusionPath(index: Int64(m), size: size, tree.node)
                #expect(path == Self.path(m, leaves[0..<n]), "inclusion \(m) in \(n)")
                #expect(path.count <= 64 - size.leadingZeroBitCount)
                #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(leaves[m]), index: Int64(m), size: size, path: path, root: root))
                // The wrong leaf, index, size or root fails.
                #expect(!Merkle.verifyInclusion(leafHash: Merkle.leafHash(leaves[(m + 1) % 300]), index: Int64(m), size: size, path: path, root: root))
                if n > 1 {
                    #expect(!Merkle.verifyInclusion(leafHash: Merkle.leafHash(leaves[m]), index: Int64((m + 1) % n), size: size, path: path, root: root))
                }
                // (The same path can fit a neighbouring size; the root is what binds the size.)
                #expect(!Merkle.verifyInclusion(leafHash: Merkle.leafHash(leaves[m]), index: Int64(m), size: size, path: path, root: Merkle.emptyRoot))
            }
            let olds = Set([1, n, max(1, n - 1), Int.random(in: 1...n, using: &generator)])
            for m in olds {
                let proof = try Merkle.consistencyPath(old: Int64(m), new: size, tree.node)
                #expect(proof == Self.subproof(m, leaves[0..<n], true), "consistency \(m)→\(n)")
                let oldRoot = Self.mth(leaves[0..<m])
                #expect(Merkle.verifyConsistency(oldSize: Int64(m), oldRoot: oldRoot, newSize: size, newRoot: root, path: proof))
                if m < n {
                    #expect(!Merkle.verifyConsistency(oldSize: Int64(m), oldRoot: root, newSize: size, newRoot: root, path: proof))
                    #expect(!Merkle.verifyConsistency(oldSize: Int64(m), oldRoot: oldRoot, newSize: size, newRoot: oldRoot, path: proof))
                    var flipped = proof
                    flipped[flipped.count - 1][0] ^= 1
                    #expect(!Merkle.verifyConsistency(oldSize: Int64(m), oldRoot: oldRoot, newSize: size, newRoot: root, path: flipped))
                }
            }
        }
    }

    @Test func nodesNeededListsExactlyTheSubtreesARootReads() throws {
        let needed = try Merkle.nodesNeeded { node in _ = try Merkle.root(size: 13, node) }
        // 13 = 8 + 4 + 1: three complete subtrees.
        #expect(needed == [MerkleNodeID(level: 3, index: 0), MerkleNodeID(level: 2, index: 2), MerkleNodeID(level: 0, index: 12)])
    }
}
