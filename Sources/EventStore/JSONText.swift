/// Builds JSON text by hand where Foundation's encoder would cost a round of boxing:
/// the store assembles one JSON document per append on the hot path, and an import
/// quotes every name it writes to the people directory.
public enum JSONText {
    /// `value` as a JSON string literal, quotes included (RFC 8259 escaping).
    public static func quote(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
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
        out += "\""
        return out
    }

    /// A JSON object of string keys and already-encoded JSON values, keys sorted.
    static func object(_ fields: [String: String]) -> String {
        "{" + fields.keys.sorted().map { quote($0) + ":" + fields[$0]! }.joined(separator: ",") + "}"
    }
}
