import ArgumentParser
import Foundation
import Ledger
import Mentoring
import Reports

/// Reads an import file, runs the import, and reports it: the shared body of
/// `import people` and `import roster`.
struct ImportRunner {
    let kind: ImportKind
    let file: String
    let write: WriteOptions

    /// At most this many problems are printed; the rest are counted.
    static let problemsShown = 50

    func run() throws {
        var failed: ImportFailed?
        try reportingFailures(format: write.format) {
            let path = try readablePath()
            defer { if path != file { try? FileManager.default.removeItem(atPath: path) } }
            let request = try write.request()
            try write.checkReceiptPath()
            let progress = Progress()
            let outcome: ImportOutcome
            do {
                outcome = try write.connection.withLedger { db in
                    let outcome = try Importer(handler: write.handler(db)).run(kind, file: path, request, progress: progress.report)
                    write.writeReceipt(outcome.write, db)
                    progress.stage("\(outcome.rows) rows stored (committed); bringing the read models up to date…")
                    write.catchUpProjections(db, afterImport: true)
                    return outcome
                }
            } catch let error as ImportFailed {
                progress.finish()
                failed = error
                return
            }
            progress.finish()
            print(outcome)
        }
        if let failed, write.format == .json {
            let problems = failed.problems.map { problem in
                JSONOutput.object([
                    ("line", .int(Int64(problem.line))),
                    ("column", problem.column.map(JSONOutput.string) ?? .null),
                    ("message", .string(problem.message)),
                ])
            }
            let document = JSONOutput.object([("error", .object([
                ("code", .string("import-refused")),
                ("message", .string("nothing was imported: fix the file and run the import again")),
                ("problems", .array(problems)),
            ]))])
            FileHandle.standardError.write(Data((DisplayText.escaped(document.render()) + "\n").utf8))
            throw ExitCode(ExitStatus.refused)
        }
        if let failed {
            for problem in failed.problems.prefix(Self.problemsShown) {
                printError("\(file): \(problem)")
            }
            if failed.problems.count > Self.problemsShown {
                printError("\(file): … and \(failed.problems.count - Self.problemsShown) more problems")
            }
            printError("nothing was imported: fix the file and run the import again")
            throw ExitCode(ExitStatus.refused)
        }
    }

    /// The file to read: `file` itself, or for `-` a temporary copy of standard input (the
    /// import reads its file twice, and standard input can be read once); the caller
    /// removes the copy.
    private func readablePath() throws -> String {
        guard file == "-" else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
                  FileManager.default.isReadableFile(atPath: file)
            else {
                throw InvalidValue(field: "file", value: file, message: "cannot read '\(file)'; check the path and permissions")
            }
            return file
        }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-import-\(getpid())-\(UUID().uuidString).csv").path
        guard FileManager.default.createFile(atPath: copy, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: copy)
        else {
            throw InvalidValue(field: "file", value: file, message: "cannot keep standard input in a temporary file; check that TMPDIR is writable")
        }
        defer { try? output.close() }
        while let data = try FileHandle.standardInput.read(upToCount: 1 << 18), !data.isEmpty {
            try output.write(contentsOf: data)
        }
        return copy
    }

    private func print(_ outcome: ImportOutcome) {
        let write = outcome.write
        if write.replayed {
            printError("command id \(write.commandID) was already recorded; nothing new was appended, its first outcome follows")
        }
        switch self.write.format {
        case .json:
            JSONOutput.object([
                ("imported", .int(Int64(outcome.rows))),
                ("appended", .object([
                    ("count", .int(Int64(write.count))),
                    ("firstPosition", write.firstPosition.map { position in .int(position) } ?? .null),
                    ("lastPosition", write.lastPosition.map { position in .int(position) } ?? .null),
                ])),
                ("commandId", .string(write.commandID)),
            ]).print()
        case .text:
            let range = write.positions.map { positions in "positions \(positions.lowerBound)–\(positions.upperBound)" } ?? "no events"
            Terminal.print("imported \(outcome.rows) \(kind == .people ? "people" : "roster rows"): \(write.count) events appended (\(range)), command id \(write.commandID)")
        }
    }
}

/// Rows sent, rows/s and the time left, on stderr, only when stderr is a terminal: a
/// script's log stays clean.
final class Progress {
    private let enabled = isatty(2) == 1
    private var shown = false
    private let started = Date()
    private var lastShown = Date.distantPast

    func report(_ progress: ImportProgress) {
        guard enabled else { return }
        let now = Date()
        let done = progress.rowsSent >= progress.rows
        // At most five updates a second: a terminal is slower than the import.
        guard done || now.timeIntervalSince(lastShown) >= 0.2 else { return }
        lastShown = now
        shown = true
        let seconds = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(progress.rowsSent) / seconds
        let line: String
        if done {
            line = "mcledger: \(progress.rows) rows sent (\(Int(rate)) rows/s); the server chains and stores them…"
        } else {
            let left = rate > 0 ? Int((Double(progress.rows - progress.rowsSent) / rate).rounded(.up)) : 0
            line = "mcledger: \(progress.rowsSent) of \(progress.rows) rows sent, \(Int(rate)) rows/s, about \(left) s left to send"
        }
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    /// Replaces the line with what the import does now that every row is sent (the server
    /// storing them, then the read models' catch-up), so a long wait says what it waits for.
    func stage(_ text: String) {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data(("\rmcledger: " + text + "\u{1B}[K").utf8))
    }

    func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
