/// A CSV file (RFC 4180) read into a header and rows, each row with the line it starts on.
///
/// Accepts a UTF-8 byte order mark, CRLF or LF line ends, quoted fields with `""` for a
/// quote and line breaks inside quotes. Blank lines are skipped. Every problem names its
/// line, because the person who fixes the file opens it in an editor or a spreadsheet.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// 1-based line number of the row's first character in the file.
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]

    /// - Throws: ``ImportProblem`` for an unterminated quote, text after a closing quote,
    ///   a row with more or fewer fields than the header, or an empty file.
    public init(parsing text: String) throws(ImportProblem) {
        let reader = CSVReader(bytes: Array(text.utf8))
        var records: [Row] = []
        do {
            while let row = try reader.next() { records.append(row) }
        } catch let problem as ImportProblem {
            throw problem
        } catch {
            // Bytes in memory: nothing to read can fail.
            throw ImportProblem(line: 1, column: nil, message: "\(error)")
        }
        guard let first = records.first else {
            throw ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns")
        }
        header = Self.columnNames(first)
        rows = Array(records.dropFirst())
        for row in rows {
            try Self.check(row, columns: header.count)
        }
    }

    /// The header's column names as the import matches them: trimmed, lowercase.
    static func columnNames(_ header: Row) -> [String] {
        header.fields.map { $0.trimmingBlanks.lowercased() }
    }

    /// Refuses a row with more or fewer fields than the header.
    static func check(_ row: Row, columns: Int) throws(ImportProblem) {
        guard row.fields.count == columns else {
            throw ImportProblem(line: row.line, column: nil, message: "has \(row.fields.count) fields but the header has \(columns); check for a missing or extra comma, or quote a field that contains one")
        }
    }
}

/// One thing wrong with an import file, at a line and (where one is to blame) a column.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String

    public init(line: Int, column: String?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 12, column role: 'professor' is not a role; …`
    public var description: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + message
    }
}

extension String {
    var trimmingBlanks: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
