internal import Foundation

/// A C2SP tlog-checkpoint: the origin of the log, its size and its Merkle root, the body
/// of a signed note.
///
///     mcledger.example-school/ledger
///     1000
///     base64 of the 32-byte root
///
/// Extension lines after the root are allowed by the format and kept (they are signed),
/// but mcledger neither writes nor interprets them.
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: Int64
    public var root: [UInt8]
    public var extensions: [String]

    public init(origin: String, size: Int64, root: [UInt8], extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text: each line followed by a newline.
    public var body: String {
        ([origin, String(size), Data(root).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses a checkpoint body.
    public init(body text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard text.hasSuffix("\n"), lines.count >= 3 else {
            throw NoteError("the checkpoint needs three lines (origin, tree size, root hash); it has \(max(0, lines.count))")
        }
        guard !lines[0].isEmpty else { throw NoteError("the checkpoint's origin line is empty") }
        let sizeLine = lines[1]
        guard !sizeLine.isEmpty, sizeLine.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              sizeLine == "0" || !sizeLine.hasPrefix("0"), let size = Int64(sizeLine)
        else {
            throw NoteError("the checkpoint's tree size '\(sizeLine.prefix(40))' is not a decimal number without leading zeros")
        }
        guard let root = Base64.decode(lines[2]), root.count == 32 else {
            throw NoteError("the checkpoint's root '\(lines[2].prefix(60))' is not base64 of 32 bytes")
        }
        guard lines.dropFirst(3).allSatisfy({ !$0.isEmpty }) else {
            throw NoteError("the checkpoint has an empty extension line")
        }
        self.init(origin: lines[0], size: size, root: root, extensions: Array(lines.dropFirst(3)))
    }
}

/// A checkpoint read from a file and the key that signed it.
public struct SignedCheckpoint: Sendable {
    public var checkpoint: Checkpoint
    public var note: SignedNote
    public var signer: NoteVerifier

    /// Parses `data` as a signed note, checks it is signed by one of `keys`, and parses its body.
    ///
    /// - Throws: ``NoteError`` when the note is malformed, unsigned by a key given, or signed badly.
    public init(data: [UInt8], keys: [TrustedKey]) throws {
        let note = try SignedNote(parsing: data)
        let checkpoint = try Checkpoint(body: note.text)
        signer = try note.verifiedSigner(keys)
        self.note = note
        self.checkpoint = checkpoint
    }

    /// Reads and checks the checkpoint file at `path`.
    public init(path: String, keys: [TrustedKey]) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NoteError("cannot read the checkpoint file \(path)")
        }
        do {
            try self.init(data: Array(data), keys: keys)
        } catch let error as NoteError {
            throw NoteError("\(path): \(error.message)")
        }
        // A file kept as DIR/<size> must hold the checkpoint of that size: two files swapped show here.
        let name = (path as NSString).lastPathComponent
        if !name.isEmpty, name.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let named = Int64(name), named != checkpoint.size {
            throw NoteError("\(path): the file is named for size \(named) but holds the checkpoint of size \(checkpoint.size): checkpoint files were swapped or renamed")
        }
    }
}
