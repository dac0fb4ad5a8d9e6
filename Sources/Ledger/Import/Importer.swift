internal import Foundation
internal import Mentoring

/// What an import appended.
public struct ImportOutcome: Sendable {
    public var kind: ImportKind
    public var rows: Int
    public var write: WriteOutcome
}

/// How far an import is: rows decided and sent to the server, of how many.
public struct ImportProgress: Sendable, Equatable {
    public var rowsSent: Int
    public var rows: Int

    public init(rowsSent: Int, rows: Int) {
        self.rowsSent = rowsSent
        self.rows = rows
    }
}

/// `mcledger import people|roster FILE.csv`: every row checked first, then all rows
/// appended in one transaction, or none.
///
/// Checking happens in two passes over the file, and both finish before anything is
/// committed: the first reads each cell's value (ids, roles, years); the second decides
/// every row's command against the ledger and the rows before it (a 19th student in the
/// file is refused by COM-03 like a 19th typed at the prompt), sending each chunk of
/// decided rows' events to the server as it goes. Every problem of a pass is reported,
/// each with its line and column. The file is read as it goes in both passes, so the
/// import holds a chunk of rows, never the whole file.
public struct Importer {
    public let handler: CommandHandler

    public init(handler: CommandHandler) {
        self.handler = handler
    }

    /// Imports `text`, a CSV file of `kind` already in memory.
    ///
    /// - Parameter progress: called with the rows decided and sent so far.
    /// - Throws: ``ImportFailed`` with every problem (nothing written); otherwise as
    ///   ``CommandHandler/handle(_:_:)``.
    public func run(_ kind: ImportKind, csv text: String, _ request: WriteRequest, progress: ((ImportProgress) -> Void)? = nil) throws -> ImportOutcome {
        let bytes = Array(text.utf8)
        return try run(kind, request, progress: progress) { observe in
            let reader = CSVReader(bytes: bytes)
            observe(bytes)
            return reader
        }
    }

    /// Imports the CSV file at `path`, reading it as it goes (twice: to check, then to decide).
    ///
    /// - Throws: ``ImportFailed`` with every problem (nothing written), also when the file
    ///   changes between the passes; what reading the file throws; otherwise as
    ///   ``CommandHandler/handle(_:_:)``.
    public func run(_ kind: ImportKind, file path: String, _ request: WriteRequest, progress: ((ImportProgress) -> Void)? = nil) throws -> ImportOutcome {
        try run(kind, request, progress: progress) { observe in
            try CSVReader(path: path, observe: observe)
        }
    }

    /// The two passes over a file that `open` opens afresh for each, handing it a function
    /// that sees every byte read.
    private func run(
        _ kind: ImportKind, _ request: WriteRequest, progress: ((ImportProgress) -> Void)?,
        open: @escaping (_ observe: @escaping ([UInt8]) -> Void) throws -> CSVReader
    ) throws -> ImportOutcome {
        // Pass 1: the header and every cell, the file's digest, and where each row starts.
        let checked = Digest(CommandFingerprint.SourceDigest(request, kind: kind.rawValue))
        let reader = try open { checked.value.update($0) }
        var problems: [ImportProblem] = []
        var lines: [Int] = []
        do {
            guard let header = try reader.next() else {
                throw ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns")
            }
            let parser = try ImportKind.RowParser(kind, header: CSVTable.columnNames(header))
            while let row = try reader.next() {
                try CSVTable.check(row, columns: parser.columns)
                lines.append(row.line)
                do {
                    _ = try parser.command(row)
                } catch {
                    problems.append(error)
                }
            }
        } catch let problem as ImportProblem {
            // The file's structure is broken: no row after it can be trusted. A file in
            // another encoding than UTF-8 is told so first, as that is what to fix.
            if let line = try open({ _ in }).firstLineNotUTF8() {
                throw ImportFailed(problems: [.notUTF8(line: line)])
            }
            throw ImportFailed(problems: [problem])
        }
        guard problems.isEmpty else { throw ImportFailed(problems: problems) }
        guard !lines.isEmpty else { throw ImportFailed(problems: [ImportKind.noRows]) }
        let fingerprint = checked.value.finalize()

        // Pass 2: each chunk of rows becomes commands again, is decided and sent.
        let rows = lines.count
        let batch = CommandBatch { body in
            let again = Digest(CommandFingerprint.SourceDigest(request, kind: kind.rawValue))
            let reader = try open { again.value.update($0) }
            guard let header = try reader.next() else { throw Self.fileChanged }
            let parser = try ImportKind.RowParser(kind, header: CSVTable.columnNames(header))
            var chunk: [Command] = []
            chunk.reserveCapacity(CommandBatch.chunkSize)
            while let row = try reader.next() {
                chunk.append(try parser.command(row))
                if chunk.count == CommandBatch.chunkSize {
                    try body(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try body(chunk) }
            // Decided from other bytes than those checked: the transaction rolls back.
            guard again.value.finalize() == fingerprint else { throw Self.fileChanged }
        }
        do {
            let write = try handler.handle(batch: batch, request, kind: "import-\(kind.rawValue)", fingerprint: fingerprint) { decided in
                progress?(ImportProgress(rowsSent: decided, rows: rows))
            }
            return ImportOutcome(kind: kind, rows: rows, write: write)
        } catch let refused as RefusedCommands {
            throw ImportFailed(problems: refused.refusals.map { refusal in
                ImportProblem(line: lines[refusal.index], column: kind.subjectColumn, message: refusal.error.description)
            })
        } catch is ImportProblem, is ImportFailed {
            throw Self.fileChanged
        }
    }

    static let fileChanged = ImportFailed(problems: [
        ImportProblem(line: 1, column: nil, message: "the file changed while it was imported; nothing was written; run the import again"),
    ])

    /// The digest of a pass, updated from the reader's callback.
    private final class Digest {
        var value: CommandFingerprint.SourceDigest
        init(_ value: CommandFingerprint.SourceDigest) { self.value = value }
    }
}
