import Foundation

/// A JSON value for output, with a case for JSON text that is already valid (an event's
/// payload as PostgreSQL printed it), so payloads reach stdout byte for byte.
indirect enum JSONOutput {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case raw(String)
    case array([JSONOutput])
    /// Keys keep the order given: output reads like the documented shapes.
    case object([(String, JSONOutput)])

    func render() -> String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .string(let value): Self.quote(value)
        case .raw(let text): text
        case .array(let items): "[" + items.map { $0.render() }.joined(separator: ",") + "]"
        case .object(let fields): "{" + fields.map { Self.quote($0.0) + ":" + $0.1.render() }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Prints the document and a newline to stdout.
    func print() {
        Swift.print(render())
    }
}

/// Formats rows as aligned text columns for people.
func textTable(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count {
            widths[index] = max(widths[index], cell.count)
        }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

/// One RFC 4180 CSV line. A cell starting with `=`, `+`, `-` or `@` gets a leading `'` so a
/// spreadsheet shows it instead of running it as a formula.
func csvLine(_ cells: [String]) -> String {
    cells.map { cell in
        var value = cell
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }.joined(separator: ",") + "\r\n"
}
