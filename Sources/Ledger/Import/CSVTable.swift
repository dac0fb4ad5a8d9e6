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
        var records: [Row] = []
        var field = ""
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var afterQuote = false
        var quoteLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Row(line: recordLine, fields: fields))
            }
            fields = []
        }
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                quoteLine = line
            default:
                if afterQuote {
                    throw ImportProblem(line: line, column: nil, message: "text after a closing quote; put the whole field in quotes and write a quote inside it as \"\"")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw ImportProblem(line: quoteLine, column: nil, message: "a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else {
            throw ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns")
        }
        header = first.fields.map { $0.trimmingBlanks.lowercased() }
        rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.count {
            throw ImportProblem(line: row.line, column: nil, message: "has \(row.fields.count) fields but the header has \(header.count); check for a missing or extra comma, or quote a field that contains one")
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
