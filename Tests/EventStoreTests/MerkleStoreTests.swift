import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// mcledger.merkle_extend (schema/007) keeps, in SQL, the same complete subtrees the
/// Swift tree computes from the chain hashes, integration after integration; roots and
/// proofs served from them hold; and the table refuses changes like the log does.
@Suite struct MerkleStoreTests {
    @Test func theStoredTreeMatchesTheSwiftTreeAcrossIntegrations() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                #expect(try store.integrateMerkleTree() == 0)
                #expect(try store.merkleRoot(size: 0) == Merkle.emptyRoot)
                var generator = SeededGenerator(seed: 13)
                var total = 0
                // Integrations of uneven sizes, so old left children are read back.
                for batch in [1, 2, 1, 5, 8, 3, 13, 31, 64, 9] {
                    for _ in 0..<batch {
                        total += 1
                        try store.append([event("s-\(total % 7)")], metadata: meta())
                    }
                    #expect(try store.integrateMerkleTree() == Int64(total))
                    let leaves = try store.events().map { Merkle.leafHash($0.hash) }
                    let tree = MerkleLevels(leafHashes: leaves)
                    for size in [1, total / 2, total - 1, total] where size >= 1 {
                        #expect(try store.merkleRoot(size: Int64(size)) == (try Merkle.root(size: Int64(size), tree.node)), "size \(size) of \(total)")
                    }
                    let index = Int64.random(in: 0..<Int64(total), using: &generator)
                    let path = try store.inclusionProof(index: index, size: Int64(total))
                    #expect(path == (try Merkle.inclusionPath(index: index, size: Int64(total), tree.node)))
                    let old = Int64.random(in: 1...Int64(total), using: &generator)
                    #expect(try store.consistencyProof(old: old, new: Int64(total)) == (try Merkle.consistencyPath(old: old, new: Int64(total), tree.node)))
                }
                // Every complete subtree is stored, and nothing else.
                let rows = try connection.execute("SELECT count(*) FROM mcledger.merkle_nodes").first!.int(0)!
                var expected = 0
                var width = 1
                while width <= total {
                    expected += total / width
                    width *= 2
                }
                #expect(rows == expected)
                // The verifier's one-pass roots agree with the stored tree.
                let report = try store.verify(rootSizes: [1, 100, Int64(total)])
                #expect(report.isIntact && report.rows == Int64(total))
                #expect(report.roots[100] == (try store.merkleRoot(size: 100)))
                #expect(report.roots[Int64(total)] == (try store.merkleRoot(size: Int64(total))))
            }
        }
    }

    @Test func theTailPastTheLastIntegrationIsReadFromTheEvents() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                for index in 0..<11 { try store.append([event("s-\(index)")], metadata: meta()) }
                try store.integrateMerkleTree()
                for index in 0..<6 { try store.append([event("t-\(index)")], metadata: meta()) }
                let tree = MerkleLevels(leafHashes: try store.events().map { Merkle.leafHash($0.hash) })
                #expect(try store.merkleRoot(size: 17, tail: true) == (try Merkle.root(size: 17, tree.node)))
                #expect(try store.inclusionProof(index: 15, size: 17, tail: true) == (try Merkle.inclusionPath(index: 15, size: 17, tree.node)))
                // Without tail, a size past the tree is refused with what to do.
                #expect(throws: EventStoreError.self) { try store.merkleRoot(size: 17) }
            }
        }
    }

    @Test func theTreeAndTheCheckpointsRefuseChangesAndACutLogIsRefused() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                for index in 0..<5 { try store.append([event("s-\(index)")], metadata: meta()) }
                try store.integrateMerkleTree()
                for sql in ["UPDATE mcledger.merkle_nodes SET hash = hash", "DELETE FROM mcledger.merkle_nodes", "TRUNCATE mcledger.merkle_nodes", "TRUNCATE mcledger.checkpoints"] {
                    #expect(throws: PostgresError.self, "\(sql)") { try connection.simpleQuery(sql) }
                }
                // A size past the tree cannot be recorded.
                let signer = try NoteSigner(name: "t", seed: [UInt8](repeating: 7, count: 32))
                let checkpoint = Checkpoint(origin: "o", size: 6, root: Merkle.emptyRoot)
                #expect(throws: EventStoreError.self) {
                    try store.recordCheckpoint(checkpoint, note: try SignedNote.sign(checkpoint.body, with: signer), signer: signer.verifier)
                }
                // Events deleted behind the triggers' back: the integrator refuses (MCL07).
                try connection.withTransaction { tx in
                    try tx.simpleQuery("SET LOCAL session_replication_role = replica")
                    try tx.simpleQuery("DELETE FROM mcledger.events WHERE position = 5; UPDATE mcledger.ledger_head SET position = 4")
                }
                #expect { try store.integrateMerkleTree() } throws: { ($0 as? EventStoreError)?.code == .logTampered }
            }
        }
    }
}
