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
            let text = try readFile()
            let request = try write.request()
            try write.checkReceiptPath()
            let progress = Progress()
            let outcome: ImportOutcome
            do {
                outcome = try write.connection.withLedger { db in
                    let outcome = try Importer(handler: write.handler(db)).run(kind, csv: text, request, progress: progress.report)
                    write.writeReceipt(outcome.write, db)
                    write.catchUpProjections(db)
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

    private func readFile() throws -> String {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw InvalidValue(field: "file", value: file, message: "cannot read '\(file)'; check the path and permissions")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InvalidValue(field: "file", value: file, message: "'\(file)' is not UTF-8 text; save it as CSV UTF-8")
        }
        return text
    }

    private func print(_ outcome: ImportOutcome) {
        let events = outcome.write.events
        if outcome.write.replayed {
            printError("command id \(outcome.write.commandID) was already recorded; nothing new was appended, its first outcome follows")
        }
        switch write.format {
        case .json:
            JSONOutput.object([
                ("imported", .int(Int64(outcome.rows))),
                ("appended", .object([
                    ("count", .int(Int64(events.count))),
                    ("firstPosition", events.first.map { .int($0.position) } ?? .null),
                    ("lastPosition", events.last.map { .int($0.position) } ?? .null),
                ])),
                ("commandId", .string(outcome.write.commandID)),
            ]).print()
        case .text:
            let range = events.first.map { first in "positions \(first.position)–\(events.last!.position)" } ?? "no events"
            Terminal.print("imported \(outcome.rows) \(kind == .people ? "people" : "roster rows"): \(events.count) events appended (\(range)), command id \(outcome.write.commandID)")
        }
    }
}

/// Counts on stderr, only when stderr is a terminal: a script's log stays clean.
final class Progress {
    private let enabled = isatty(2) == 1
    private var shown = false

    func report(_ sent: Int) {
        guard enabled else { return }
        shown = true
        FileHandle.standardError.write(Data("\rmcledger: \(sent) events sent…".utf8))
    }

    func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
