internal import Mentoring

/// What an import appended.
public struct ImportOutcome: Sendable {
    public var kind: ImportKind
    public var rows: Int
    public var write: WriteOutcome
}

/// `mcledger import people|roster FILE.csv`: every row checked first, then all rows
/// appended in one transaction, or none.
///
/// Checking happens in two passes that both finish before anything is written: each
/// cell's value (ids, roles, years), then every row's command against the ledger and the
/// rows before it (a 19th student in the file is refused by COM-03 like a 19th typed at
/// the prompt). Every problem of a pass is reported, each with its line and column.
public struct Importer {
    public let handler: CommandHandler

    public init(handler: CommandHandler) {
        self.handler = handler
    }

    /// Imports `text`, a CSV file of `kind`.
    ///
    /// - Parameter progress: called with the number of events sent to the server so far.
    /// - Throws: ``ImportFailed`` with every problem (nothing written); otherwise as
    ///   ``CommandHandler/handle(_:_:)``.
    public func run(_ kind: ImportKind, csv text: String, _ request: WriteRequest, progress: ((Int) -> Void)? = nil) throws -> ImportOutcome {
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
        } catch {
            throw ImportFailed(problems: [error])
        }
        let rows = try kind.commands(from: table)
        do {
            let write = try handler.handle(batch: rows.map(\.command), request, kind: "import-\(kind.rawValue)", source: text, progress: progress)
            return ImportOutcome(kind: kind, rows: rows.count, write: write)
        } catch let refused as RefusedCommands {
            throw ImportFailed(problems: refused.refusals.map { refusal in
                ImportProblem(line: rows[refusal.index].line, column: kind.subjectColumn, message: refusal.error.description)
            })
        }
    }
}
