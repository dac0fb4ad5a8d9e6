import EventStore
import Foundation
import Postgres
import Testing

/// Keys, signed notes and checkpoints (C2SP signed-note, tlog-checkpoint): what is
/// written parses back, and every malformed or re-signed note is refused by name.
@Suite struct SignedNoteTests {
    static var signer: NoteSigner { try! NoteSigner(name: "mcledger.test", seed: Array(0..<32)) }

    @Test func aSignedCheckpointRoundTripsWithEveryFormOfTheKey() throws {
        let checkpoint = Checkpoint(origin: "mcledger.example-school/ledger", size: 1000, root: Array(repeating: 0xab, count: 32))
        let note = try SignedNote.sign(checkpoint.body, with: Self.signer)
        let text = note.serialized
        #expect(text.hasPrefix("mcledger.example-school/ledger\n1000\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— mcledger.test "))
        let verifier = Self.signer.verifier
        let pemKey = try NoteVerifier.publicKey(pem: verifier.publicKeyPEM)
        for key in [TrustedKey.verifier(verifier), .verifier(try NoteVerifier(verifierKey: verifier.verifierKey)), .pem(pemKey)] {
            let parsed = try SignedCheckpoint(data: Array(text.utf8), keys: [key])
            #expect(parsed.checkpoint == checkpoint)
            #expect(parsed.signer.name == "mcledger.test")
        }
        // The private key file reads back as the same key.
        let again = try NoteSigner(pem: Self.signer.privateKeyPEM)
        #expect(again.verifier.verifierKey == verifier.verifierKey)
        #expect(Self.signer.privateKeyPEM.contains("-----BEGIN PRIVATE KEY-----"))
        #expect(verifier.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
    }

    @Test func theVerifierKeyHashIsTheSpecifiedDigest() throws {
        let verifier = Self.signer.verifier
        let parts = verifier.verifierKey.split(separator: "+", maxSplits: 2)
        #expect(parts.count == 3 && parts[0] == "mcledger.test")
        let key = Data(base64Encoded: String(parts[2]))!
        #expect(key.count == 33 && key.first == 0x01)
        #expect(Hex.encode(verifier.keyHash) == parts[1])
        // A verifier key whose hash does not match its name is refused.
        #expect(throws: NoteError.self) { try NoteVerifier(verifierKey: "other+\(parts[1])+\(parts[2])") }
        #expect(throws: NoteError.self) { try NoteVerifier(verifierKey: "no-plus-signs") }
        #expect(throws: NoteError.self) { try NoteSigner(name: "has space") }
        #expect(throws: NoteError.self) { try NoteSigner(name: "has+plus") }
    }

    @Test(arguments: [
        ("", "does not end with a newline"),
        ("o\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n", "no blank line"),
        ("o\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n", "no signature line"),
        ("o\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n- t AAAA\n", "not a signature line"),
        ("o\r\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— t AAAAAA==\n", "control character"),
        ("o\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— t AAAAAA==\ntrailing", "does not end with a newline"),
        ("o\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— t AAAAAAA=\n", "unknown key"),
    ])
    func malformedNotesAreRefusedByName(_ text: String, _ message: String) throws {
        let error = #expect(throws: NoteError.self) {
            try SignedCheckpoint(data: Array(text.utf8), keys: [.verifier(Self.signer.verifier)])
        }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        ("o\n01\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n", "leading zeros"),
        ("o\n-1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n", "leading zeros"),
        ("o\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6t=\n", "base64 of 32 bytes"),
        ("o\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n", "base64 of 32 bytes"),
        ("\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n", "origin line is empty"),
        ("o\n1\n", "three lines"),
    ])
    func malformedCheckpointBodiesAreRefusedByName(_ body: String, _ message: String) throws {
        let error = #expect(throws: NoteError.self) { try Checkpoint(body: body) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }
}
