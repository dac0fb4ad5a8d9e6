import Foundation
import Reports

/// JSON output of every command: the reports' writer, so the CLI and the nightly files
/// render JSON the same way.
typealias JSONOutput = JSONValue

extension JSONValue {
    /// Prints the document and a newline to stdout.
    func print() {
        Terminal.print(render())
    }
}

/// Formats rows as aligned text columns for people; every cell's control characters,
/// line breaks included, are escaped first (``Terminal/cell(_:)``), so the columns line up
/// and no value can forge a row or drive the terminal.
func textTable(_ header: [String], _ rows: [[String]]) -> String {
    let header = header.map(Terminal.cell)
    let rows = rows.map { $0.map(Terminal.cell) }
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count {
            widths[index] = max(widths[index], cell.count)
        }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index == cells.count - 1 ? cell : cell.padded(to: widths[index])
        }.joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

extension String {
    /// The text followed by spaces up to `width` characters; never cut. Widths are counted
    /// in characters, so the padding is too: `NSString.padding(toLength:)` counts UTF-16
    /// units and cut the widest cell of a column holding an emoji or a combining accent,
    /// printing a broken character in place of the rest (an actor in `audit trail`).
    func padded(to width: Int) -> String {
        let length = count
        return length >= width ? self : self + String(repeating: " ", count: width - length)
    }
}

/// One RFC 4180 CSV line, formula cells neutralised (CLI.md): the reports' rule.
func csvLine(_ cells: [String]) -> String {
    CSVText.line(cells)
}
