import EventStore
import Foundation
import Postgres
import Testing

/// docs/VERIFYING.md's test vectors (docs/verifying-vectors.json, written by an
/// independent implementation, docs/verifying-vectors.py): mcledger gives exactly those
/// leaf hashes, roots, proofs, key forms and checkpoint, and accepts the proofs.
@Suite struct VerifyingDocumentTests {
    struct Vectors: Decodable {
        struct Leaf: Decodable { var position: Int64; var leafInput: String; var leafHash: String }
        struct Root: Decodable { var treeSize: Int64; var root: String; var rootBase64: String }
        struct Key: Decodable {
            var keyName: String
            var testSeed: String
            var publicKey: String
            var publicKeyPEM: String
            var verifierKey: String
            var keyHash: String
            var note: String
        }
        var emptyRoot: String
        var leaves: [Leaf]
        var roots: [Root]
        var inclusion: ProofDocument
        var consistency: ProofDocument
        var checkpoint: Key
        var receipt: ProofDocument
        var receiptConsistency: ProofDocument
    }

    static let docs = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs")

    static func vectors() throws -> Vectors {
        try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: docs.appendingPathComponent("verifying-vectors.json")))
    }

    @Test func theLeavesAndRootsAreTheGoldenEventsTree() throws {
        let vectors = try Self.vectors()
        let golden = try GoldenVectorTests.published()
        #expect(vectors.emptyRoot == Hex.encode(Merkle.emptyRoot))
        #expect(vectors.leaves.count == 8 && vectors.roots.count == 8)
        var previous = LedgerHead.genesis.hash
        var frontier = MerkleFrontier()
        var leafHashes: [[UInt8]] = []
        for (vector, leaf) in zip(golden.vectors, vectors.leaves) {
            let event = RecordedEvent(
                position: vector.position, stream: StreamName(vector.stream), version: vector.version, eventID: vector.event_id,
                type: vector.type, schemaVersion: vector.schema_version, data: vector.data, metadata: vector.metadata,
                actor: vector.actor, commandID: vector.command_id, correlationID: vector.correlation_id,
                occurredOn: vector.occurred_on, recordedAt: vector.recorded_at, hash: []
            )
            previous = CanonicalForm.chainHash(previous: previous, event: event)
            #expect(Hex.encode(previous) == leaf.leafInput, "position \(leaf.position)")
            #expect(Hex.encode(Merkle.leafHash(previous)) == leaf.leafHash, "position \(leaf.position)")
            leafHashes.append(Merkle.leafHash(previous))
            frontier.append(leafHash: Merkle.leafHash(previous))
            let root = vectors.roots[Int(leaf.position) - 1]
            #expect(root.treeSize == leaf.position)
            #expect(Hex.encode(frontier.root) == root.root)
            #expect(B64.encode(frontier.root) == root.rootBase64)
        }
        let tree = MerkleLevels(leafHashes: leafHashes)
        #expect(try Merkle.inclusionPath(index: 2, size: 7, tree.node).map(B64.encode) == vectors.inclusion.path)
        #expect(try Merkle.consistencyPath(old: 3, new: 8, tree.node).map(B64.encode) == vectors.consistency.path)
        #expect(try Merkle.inclusionPath(index: 6, size: 7, tree.node).map(B64.encode) == vectors.receipt.events?.first?.path)
        #expect(try Merkle.consistencyPath(old: 7, new: 8, tree.node).map(B64.encode) == vectors.receiptConsistency.path)
    }

    @Test func theTestKeyAndCheckpointAreMcledgers() throws {
        let vectors = try Self.vectors()
        let key = vectors.checkpoint
        let signer = try NoteSigner(name: key.keyName, seed: Hex.decode(key.testSeed)!)
        #expect(Hex.encode(signer.verifier.rawPublicKey) == key.publicKey)
        #expect(signer.verifier.verifierKey == key.verifierKey)
        #expect(signer.verifier.publicKeyPEM == key.publicKeyPEM)
        #expect(Hex.encode(signer.verifier.keyHash) == key.keyHash)
        let signed = try SignedCheckpoint(data: Array(key.note.utf8), keys: [.verifier(try NoteVerifier(verifierKey: key.verifierKey))])
        #expect(signed.checkpoint.size == 8)
        #expect(Hex.encode(signed.checkpoint.root) == vectors.roots[7].root)
        #expect(signed.checkpoint.origin == "mcledger.example-school/ledger")
        // Ed25519 (RFC 8032) is deterministic: the same key signs the same body the same way.
        #expect(try SignedNote.sign(signed.checkpoint.body, with: signer).serialized == key.note)
    }

    @Test func theProofsAndTheReceiptHoldAgainstTheCheckpoint() throws {
        let vectors = try Self.vectors()
        let checkpoint = try SignedCheckpoint(data: Array(vectors.checkpoint.note.utf8), keys: [.pem(try NoteVerifier.publicKey(pem: vectors.checkpoint.publicKeyPEM))]).checkpoint
        let seventh = Checkpoint(origin: checkpoint.origin, size: 7, root: [UInt8](Data(base64Encoded: vectors.roots[6].rootBase64)!))
        #expect(try ProofChecker.check(vectors.inclusion, against: [seventh]).count == 1)
        #expect(try ProofChecker.check(vectors.consistency, against: [checkpoint]).count == 2)
        #expect(try ProofChecker.check(vectors.receipt, against: [checkpoint], consistency: vectors.receiptConsistency).count == 2)
        // The receipt against a checkpoint of its own size needs nothing more.
        #expect(try ProofChecker.check(vectors.receipt, against: [seventh]).count == 2)
        // Another tree's checkpoint: the inclusion proof does not hold.
        #expect(throws: ProofError.self) { try ProofChecker.check(vectors.inclusion, against: [checkpoint]) }
    }

    @Test func theDocumentStatesWhatTheVectorsTest() throws {
        let text = try String(contentsOf: Self.docs.appendingPathComponent("VERIFYING.md"), encoding: .utf8)
        let vectors = try Self.vectors()
        for needle in ["verifying-vectors.json", "SHA-256(0x00", "SHA-256(0x01", "— ", vectors.roots[7].rootBase64] {
            #expect(text.contains(needle), "VERIFYING.md should state \(needle)")
        }
    }
}
