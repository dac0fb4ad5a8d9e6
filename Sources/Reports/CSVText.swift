internal import Foundation

/// CSV as CLI.md promises it: RFC 4180, UTF-8, CRLF line ends, and a cell that starts
/// with `=`, `+`, `-` or `@` prefixed with `'` so a spreadsheet never runs it.
///
/// The one place this rule lives: the CLI's `--format csv` writes through it too.
public enum CSVText {
    public static func line(_ cells: [String]) -> String {
        cells.map { cell in
            var value = cell
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }.joined(separator: ",") + "\r\n"
    }

    /// A whole file: header, then one line per row.
    static func file(name: String, header: [String], rows: [[String]]) -> ReportFile {
        var text = line(header)
        for row in rows { text += line(row) }
        return ReportFile(name: name, bytes: Array(text.utf8), rows: rows.count)
    }
}
