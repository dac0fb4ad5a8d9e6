internal import Foundation

/// CSV as CLI.md promises it: RFC 4180, UTF-8, CRLF line ends, and a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with `'` so a spreadsheet
/// never runs it (spreadsheets skip a leading tab or CR before they look for a formula).
/// Control characters other than line feeds and tabs are escaped (``DisplayText``), so a
/// file or a terminal showing it cannot be driven by escape sequences or overwritten by
/// a carriage return.
///
/// The one place this rule lives: the CLI's `--format csv` writes through it too.
public enum CSVText {
    public static func line(_ cells: [String]) -> String {
        cells.map { cell in
            var value = DisplayText.escaped(cell, keeping: ["\n", "\t"])
            if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
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
