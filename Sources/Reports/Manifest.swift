internal import Crypto
internal import Foundation
public import Mentoring

/// `manifest.json`: the digest of one nightly report, written last.
///
/// Each file's SHA-256 and row count, the as-of day and year, and the ledger head (its
/// position and hash) the report was read at: the digest an auditor keeps outside the
/// database, to detect a later rewrite or truncation (`report nightly --check-digest`).
/// The run record (when, by which build) is the manifest's last field and covers no
/// file, so everything else is byte-identical when the same night is run again.
public struct Manifest: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var sha256: String
        public var rows: Int
        public var bytes: Int
    }

    /// When and by what the report was made; the only part a re-run changes.
    public struct RunRecord: Hashable, Sendable {
        public var startedAt: String
        public var finishedAt: String
        public var version: String

        public init(startedAt: String, finishedAt: String, version: String) {
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.version = version
        }
    }

    /// The tree the report was read at and the signed checkpoint it was checked against
    /// (`report nightly --checkpoint FILE --key PUBKEY`); absent otherwise.
    public struct CheckpointRecord: Hashable, Sendable {
        /// The Merkle tree of the report's head: its size (events) and base64 root.
        public var treeSize: Int64
        public var root: String
        /// The signed checkpoint: its size, base64 root and the whole signed note.
        public var signedSize: Int64
        public var signedRoot: String
        public var note: String
        /// The consistency proof (base64 hashes) from the signed tree to the report's,
        /// when the report's is larger.
        public var consistency: [String]

        public init(treeSize: Int64, root: String, signedSize: Int64, signedRoot: String, note: String, consistency: [String]) {
            self.treeSize = treeSize
            self.root = root
            self.signedSize = signedSize
            self.signedRoot = signedRoot
            self.note = note
            self.consistency = consistency
        }
    }

    public static let formatVersion = 1

    public var asOf: Day
    public var year: AcademicYear
    public var head: ReportHead
    public var files: [Entry]
    public var checkpoint: CheckpointRecord?
    public var run: RunRecord?

    public init(asOf: Day, year: AcademicYear, head: ReportHead, files: [ReportFile], checkpoint: CheckpointRecord? = nil, run: RunRecord?) {
        self.asOf = asOf
        self.year = year
        self.head = head
        self.files = files.map { Entry(name: $0.name, sha256: Self.sha256($0.bytes), rows: $0.rows, bytes: $0.bytes.count) }
        self.checkpoint = checkpoint
        self.run = run
    }

    init(asOf: Day, year: AcademicYear, head: ReportHead, entries: [Entry], checkpoint: CheckpointRecord?, run: RunRecord?) {
        self.asOf = asOf
        self.year = year
        self.head = head
        self.files = entries
        self.checkpoint = checkpoint
        self.run = run
    }

    /// Lowercase hex SHA-256, as `sha256sum` prints it.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The file as written: one field per line, `run` last.
    public func file() -> ReportFile {
        var fields: [(String, JSONValue)] = [
            ("manifest", .int(Int64(Self.formatVersion))),
            ("asOf", .string(asOf.description)),
            ("year", .string(year.description)),
            ("head", .object([("position", .int(head.position)), ("hash", .string(head.hash))])),
            ("files", .array(files.map { entry in
                .object([
                    ("name", .string(entry.name)), ("sha256", .string(entry.sha256)),
                    ("rows", .int(Int64(entry.rows))), ("bytes", .int(Int64(entry.bytes))),
                ])
            })),
        ]
        if let checkpoint {
            var record: [(String, JSONValue)] = [
                ("treeSize", .int(checkpoint.treeSize)), ("root", .string(checkpoint.root)),
                ("signed", .object([
                    ("size", .int(checkpoint.signedSize)), ("root", .string(checkpoint.signedRoot)), ("note", .string(checkpoint.note)),
                ])),
            ]
            if !checkpoint.consistency.isEmpty { record.append(("consistency", .array(checkpoint.consistency.map(JSONValue.string)))) }
            fields.append(("checkpoint", .object(record)))
        }
        if let run {
            fields.append(("run", .object([
                ("startedAt", .string(run.startedAt)), ("finishedAt", .string(run.finishedAt)), ("version", .string(run.version)),
            ])))
        }
        let text = JSONValue.object(fields).render(pretty: true) + "\n"
        return ReportFile(name: "manifest.json", bytes: Array(text.utf8), rows: files.count)
    }

    /// Reads a manifest written by ``file()`` (or by hand with the same fields).
    ///
    /// - Throws: ``ManifestError`` saying which field is missing or malformed.
    public static func parse(_ data: [UInt8]) throws(ManifestError) -> Manifest {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] else {
            throw ManifestError(message: "it is not a JSON object")
        }
        guard let head = object["head"] as? [String: Any], let position = (head["position"] as? NSNumber)?.int64Value,
              let hash = head["hash"] as? String, hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }), position >= 0
        else {
            throw ManifestError(message: "it has no head {\"position\": N, \"hash\": 64 lowercase hex digits}")
        }
        guard let asOfText = object["asOf"] as? String, let asOf = try? Day(asOfText),
              let yearText = object["year"] as? String, let year = try? AcademicYear(yearText)
        else {
            throw ManifestError(message: "it has no valid asOf (YYYY-MM-DD) and year (YYYY-YY)")
        }
        let entries = (object["files"] as? [[String: Any]] ?? []).compactMap { entry -> Entry? in
            guard let name = entry["name"] as? String, let sha = entry["sha256"] as? String,
                  let rows = (entry["rows"] as? NSNumber)?.intValue, let bytes = (entry["bytes"] as? NSNumber)?.intValue
            else { return nil }
            return Entry(name: name, sha256: sha, rows: rows, bytes: bytes)
        }
        var checkpoint: CheckpointRecord?
        if let record = object["checkpoint"] {
            guard let record = record as? [String: Any], let treeSize = (record["treeSize"] as? NSNumber)?.int64Value,
                  let root = record["root"] as? String, let signed = record["signed"] as? [String: Any],
                  let signedSize = (signed["size"] as? NSNumber)?.int64Value, let signedRoot = signed["root"] as? String,
                  let note = signed["note"] as? String
            else {
                throw ManifestError(message: "its checkpoint needs treeSize, root and signed {size, root, note}")
            }
            let consistency = record["consistency"] as? [String] ?? []
            checkpoint = CheckpointRecord(treeSize: treeSize, root: root, signedSize: signedSize, signedRoot: signedRoot, note: note, consistency: consistency)
        }
        return Manifest(asOf: asOf, year: year, head: ReportHead(position: position, hash: hash), entries: entries, checkpoint: checkpoint, run: nil)
    }
}

/// A manifest that cannot be read.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
