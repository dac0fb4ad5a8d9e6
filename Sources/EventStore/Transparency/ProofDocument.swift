public import Foundation

/// A proof or receipt as `mcledger proof …` and `--receipt` write it: JSON, hashes as
/// standard base64, so it can be checked later with no database (docs/VERIFYING.md).
///
/// - `"inclusion"`: leaf `leafIndex` (position `leafIndex + 1`) with chain hash
///   `chainHash` is in the tree of `treeSize` events with root `root`, by `path`.
/// - `"consistency"`: the tree of `toSize` events (root `toRoot`) extends the tree of
///   `fromSize` events (root `fromRoot`), by `path`.
/// - `"receipt"`: `events` were appended; right after, the tree of `treeSize` events had
///   root `root`, and each event's `path` proves it in that tree.
public struct ProofDocument: Codable, Sendable, Equatable {
    public struct Leaf: Codable, Sendable, Equatable {
        public var position: Int64
        public var eventId: String?
        /// The event's chain hash (the leaf input).
        public var chainHash: String
        /// SHA-256(0x00 ‖ chain hash).
        public var leafHash: String
        public var leafIndex: Int64
        /// The audit path in the tree of `treeSize` events, leaf upward.
        public var path: [String]

        public init(position: Int64, eventId: String?, chainHash: [UInt8], path: [[UInt8]]) {
            self.position = position
            self.eventId = eventId
            self.chainHash = B64.encode(chainHash)
            leafHash = B64.encode(Merkle.leafHash(chainHash))
            leafIndex = position - 1
            self.path = path.map(B64.encode)
        }
    }

    public var type: String
    // inclusion
    public var position: Int64?
    public var eventId: String?
    public var chainHash: String?
    public var leafHash: String?
    public var leafIndex: Int64?
    public var treeSize: Int64?
    public var root: String?
    public var path: [String]?
    // consistency
    public var fromSize: Int64?
    public var fromRoot: String?
    public var toSize: Int64?
    public var toRoot: String?
    // receipt
    public var events: [Leaf]?
    public var commandId: String?

    public init(type: String) { self.type = type }

    public static func inclusion(_ leaf: Leaf, treeSize: Int64, root: [UInt8]) -> ProofDocument {
        var document = ProofDocument(type: "inclusion")
        document.position = leaf.position
        document.eventId = leaf.eventId
        document.chainHash = leaf.chainHash
        document.leafHash = leaf.leafHash
        document.leafIndex = leaf.leafIndex
        document.treeSize = treeSize
        document.root = B64.encode(root)
        document.path = leaf.path
        return document
    }

    public static func consistency(fromSize: Int64, fromRoot: [UInt8], toSize: Int64, toRoot: [UInt8], path: [[UInt8]]) -> ProofDocument {
        var document = ProofDocument(type: "consistency")
        document.fromSize = fromSize
        document.fromRoot = B64.encode(fromRoot)
        document.toSize = toSize
        document.toRoot = B64.encode(toRoot)
        document.path = path.map(B64.encode)
        return document
    }

    public static func receipt(_ events: [Leaf], treeSize: Int64, root: [UInt8], commandID: String?) -> ProofDocument {
        var document = ProofDocument(type: "receipt")
        document.events = events
        document.treeSize = treeSize
        document.root = B64.encode(root)
        document.commandId = commandID
        return document
    }

    /// Pretty, keys sorted: the file a command writes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Reads a proof or receipt; throws ``ProofError`` `.malformed` naming the problem.
    public init(json data: Data) throws {
        do {
            self = try JSONDecoder().decode(ProofDocument.self, from: data)
        } catch {
            throw ProofError(.malformed, "the file is not a proof or receipt of mcledger (JSON with \"type\"): \(error)")
        }
    }
}

/// Why a proof did not hold, or could not be read.
public struct ProofError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case malformed, doesNotHold }
    public var kind: Kind
    public var message: String
    /// The tree sizes a missing consistency proof would join: set when the check needs
    /// one, so that the CLI can say which flag or command gives it.
    public struct ConsistencyNeeded: Sendable {
        public var from: Int64
        public var to: Int64
    }
    public var consistencyNeeded: ConsistencyNeeded?
    public init(_ kind: Kind, _ message: String, consistencyNeeded: ConsistencyNeeded? = nil) {
        self.kind = kind
        self.message = message
        self.consistencyNeeded = consistencyNeeded
    }
    public var description: String { message }
}

/// Standard base64 of hashes.
public enum B64 {
    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// A 32-byte hash from its canonical base64; throws `.malformed` naming `field`.
    static func hash(_ text: String?, _ field: String) throws -> [UInt8] {
        guard let text else { throw ProofError(.malformed, "the proof has no \"\(field)\"") }
        guard let bytes = Base64.decode(text), bytes.count == 32 else {
            throw ProofError(.malformed, "\"\(field)\" is not base64 of a 32-byte hash: '\(text.prefix(60))'")
        }
        return bytes
    }
}
