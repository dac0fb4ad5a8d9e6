/// Builds JSON text by hand where Foundation's encoder would cost a round of boxing:
/// the store assembles one JSON document per append on the hot path, and an import
/// quotes every name it writes to the people directory.
///
/// The bytes are a contract, not a matter of taste: a command's fingerprint is the
/// SHA-256 of the events document this builds, so a replayed command id is recognised
/// only if the same command gives the same bytes in every release.
public enum JSONText {
    /// `value` as a JSON string literal, quotes included (RFC 8259 escaping): `"`, `\`,
    /// newline, carriage return and tab by their short escapes, every other control
    /// character below U+0020 as `\u00xx` in lower-case hex, everything else as it is.
    ///
    /// Works on the UTF-8 bytes: every character it escapes is ASCII, and no byte of a
    /// multi-byte UTF-8 sequence is below 0x80, so a byte-wise scan escapes exactly what a
    /// scan of Unicode scalars would. A value with nothing to escape, the usual case, is
    /// copied whole (issue 16: quoting was a fifth of a 100-event append's client time).
    public static func quote(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count + 2)
        append(quoting: value, to: &out)
        return out
    }

    /// Appends `value` as a JSON string literal, as ``quote(_:)`` writes it, to `out`.
    static func append(quoting value: String, to out: inout String) {
        out.append("\"")
        var contiguous = value
        let escapedAny = contiguous.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index {
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                }
                out.append(escape(byte))
                start = index + 1
            }
            if start == 0 { return false }
            if start < bytes.count {
                out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            }
            return true
        }
        if !escapedAny { out.append(value) }
        out.append("\"")
    }

    /// The escape of one byte `quote` does not copy as it is.
    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case UInt8(ascii: "\n"): return "\\n"
        case UInt8(ascii: "\r"): return "\\r"
        case UInt8(ascii: "\t"): return "\\t"
        default:
            let hex = String(byte, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }

    /// A JSON object of string keys and already-encoded JSON values, keys sorted.
    static func object(_ fields: [String: String]) -> String {
        var out = "{"
        out.reserveCapacity(fields.reduce(2) { size, field in size + field.key.utf8.count + field.value.utf8.count + 4 })
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { out.append(",") }
            append(quoting: key, to: &out)
            out.append(":")
            out.append(fields[key]!)
        }
        out.append("}")
        return out
    }
}
