internal import Foundation
internal import Postgres

/// A C2SP signed-note: text, a blank line, and signature lines
/// `— NAME base64(keyhash[4] ‖ signature[64])` (U+2014 EM DASH, a space, the key name,
/// a space). The signature is Ed25519 over the text, final newline included.
///
/// Parsing is strict: any byte the format does not allow (a control character, a
/// carriage return, a line that is not a signature, anything after the last newline)
/// makes the note malformed.
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public var name: String
        public var keyHash: [UInt8]
        public var signature: [UInt8]
    }

    /// The signed text, ending in a newline.
    public var text: String
    public var signatures: [Signature]

    /// Signs `text` (which must end in a newline and hold no blank line).
    public static func sign(_ text: String, with signer: NoteSigner) throws -> SignedNote {
        let signature = try signer.sign(Array(text.utf8))
        return SignedNote(text: text, signatures: [Signature(name: signer.name, keyHash: signer.verifier.keyHash, signature: signature)])
    }

    /// The note as written to a file.
    public var serialized: String {
        text + "\n" + signatures.map { "— \($0.name) \(Data($0.keyHash + $0.signature).base64EncodedString())\n" }.joined()
    }

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses a note; throws ``NoteError`` naming what is wrong.
    public init(parsing data: [UInt8]) throws {
        guard data.count <= 1_000_000 else { throw NoteError("the note is larger than 1 MB") }
        guard let whole = String(bytes: data, encoding: .utf8) else { throw NoteError("the note is not UTF-8") }
        if let bad = whole.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7f }) {
            throw NoteError("the note holds the control character U+\(String(format: "%04X", bad.value)); a note has only text and newlines")
        }
        guard whole.hasSuffix("\n") else {
            throw NoteError("the note does not end with a newline: something was cut off or appended after the last signature")
        }
        guard let split = whole.range(of: "\n\n", options: .backwards) else {
            throw NoteError("the note has no blank line before its signatures")
        }
        let text = String(whole[whole.startIndex..<whole.index(after: split.lowerBound)])
        guard !text.contains("\n\n"), !text.hasPrefix("\n") else {
            throw NoteError("the note's text holds a blank line, or a signature block follows another")
        }
        var signatures: [Signature] = []
        for line in whole[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            signatures.append(try Self.signatureLine(String(line)))
        }
        guard !signatures.isEmpty else { throw NoteError("the note has no signature line") }
        self.init(text: text, signatures: signatures)
    }

    static func signatureLine(_ line: String) throws -> Signature {
        let shown = line.count > 80 ? String(line.prefix(80)) + "…" : line
        guard line.hasPrefix("— ") else {
            throw NoteError("'\(shown)' is not a signature line ('— NAME SIGNATURE', with an em dash U+2014): trailing garbage?")
        }
        let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let bytes = Base64.decode(String(parts[1])), bytes.count > 4 else {
            throw NoteError("'\(shown)' is not a signature line: expected '— NAME BASE64'")
        }
        try NoteVerifier.checkName(String(parts[0]))
        return Signature(name: String(parts[0]), keyHash: Array(bytes.prefix(4)), signature: Array(bytes.dropFirst(4)))
    }

    /// The verifier among `keys` that signed this note.
    ///
    /// - Throws: ``NoteError`` when no signature is by a key given ("unknown key"), or
    ///   when one that is fails to verify ("bad signature").
    public func verifiedSigner(_ keys: [TrustedKey]) throws -> NoteVerifier {
        var known = false
        for line in signatures {
            for key in keys {
                guard let verifier = key.verifier(name: line.name, keyHash: line.keyHash) else { continue }
                known = true
                if line.signature.count == 64 && verifier.isValid(signature: line.signature, for: Array(text.utf8)) {
                    return verifier
                }
            }
        }
        if known {
            throw NoteError("bad signature: the note's signature by the given key does not verify (the text or the signature was changed)")
        }
        let names = signatures.map { "\($0.name) (key hash \(Hex.encode($0.keyHash)))" }.joined(separator: ", ")
        throw NoteError("unknown key: the note is signed by \(names), not by a key given")
    }
}
