/// A JSON value rendered with keys in the order given, so JSON output reads like the
/// documented shapes and is byte-identical from one run to the next.
///
/// The one JSON writer of the reports and the CLI. `raw` carries JSON text that is already
/// valid (an event's payload as PostgreSQL printed it), so payloads reach the output byte
/// for byte.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case raw(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Compact, except that top-level object fields and array items get a line each:
    /// readable in a terminal, diffable by line.
    public func render(pretty: Bool = false) -> String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .string(let value): Self.quote(value)
        case .raw(let text): text
        case .array(let items):
            pretty && !items.isEmpty
                ? "[\n" + items.map { "  " + $0.render() }.joined(separator: ",\n") + "\n]"
                : "[" + items.map { $0.render() }.joined(separator: ",") + "]"
        case .object(let fields):
            pretty
                ? "{\n" + fields.map { "  " + Self.quote($0.0) + ": " + $0.1.render(pretty: false) }.joined(separator: ",\n") + "\n}"
                : "{" + fields.map { Self.quote($0.0) + ":" + $0.1.render() }.joined(separator: ",") + "}"
        }
    }

    /// `value` as a JSON string literal, quotes included (RFC 8259 escaping).
    public static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
