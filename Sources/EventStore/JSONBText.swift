/// JSON text as PostgreSQL's jsonb prints it back: the form the hash chain covers
/// (`data::text`, `metadata::text`, schema/001).
///
/// A client that chains its own events (``ChainedBulk``) must hash the bytes the server
/// will print, not the bytes it sent: jsonb sorts an object's keys (shorter first, then
/// bytewise), keeps the last of repeated keys, writes `": "` and `", "`, escapes only
/// `"`, `\` and control characters, and prints numbers as `numeric` does (`1e2` → `100`,
/// `-0` → `0`). The server recomputes every hash, so a difference here refuses the
/// append; it never stores a wrong hash.
public enum JSONBText {
    /// `json` in jsonb's output form, or nil when it is not JSON jsonb would accept.
    public static func normalize(_ json: String) -> String? {
        var parser = Parser(bytes: Array(json.utf8))
        guard let value = parser.value(), parser.atEnd() else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(json.utf8.count + 16)
        value.render(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The object `objects` make merged left to right (a later key wins), as jsonb's
    /// `||` merges them; nil when one is not a JSON object.
    public static func merge(_ objects: [String]) -> String? {
        var fields: [[UInt8]: Value] = [:]
        for object in objects {
            var parser = Parser(bytes: Array(object.utf8))
            guard case .object(let pairs)? = parser.value(), parser.atEnd() else { return nil }
            for (key, value) in pairs { fields[key] = value }
        }
        var out: [UInt8] = []
        Value.object(fields.map { ($0.key, $0.value) }).render(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A parsed JSON value; strings and keys as their UTF-8 bytes, numbers as jsonb prints them.
    indirect enum Value {
        case null, bool(Bool), number([UInt8]), string([UInt8])
        case array([Value])
        case object([([UInt8], Value)])

        func render(into out: inout [UInt8]) {
            switch self {
            case .null: out += Array("null".utf8)
            case .bool(let value): out += Array((value ? "true" : "false").utf8)
            case .number(let text): out += text
            case .string(let bytes): Self.quote(bytes, into: &out)
            case .array(let items):
                out.append(UInt8(ascii: "["))
                for (index, item) in items.enumerated() {
                    if index > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                    item.render(into: &out)
                }
                out.append(UInt8(ascii: "]"))
            case .object(let pairs):
                // Last of repeated keys wins; shorter keys first, then bytewise.
                var last: [[UInt8]: Value] = [:]
                for (key, value) in pairs { last[key] = value }
                let keys = last.keys.sorted { left, right in
                    left.count != right.count ? left.count < right.count : left.lexicographicallyPrecedes(right)
                }
                out.append(UInt8(ascii: "{"))
                for (index, key) in keys.enumerated() {
                    if index > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                    Self.quote(key, into: &out)
                    out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
                    last[key]!.render(into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
        }

        /// PostgreSQL's escape_json: `"`, `\`, the five short escapes, other control
        /// characters as `\u00xx`; every other byte as it is.
        static func quote(_ bytes: [UInt8], into out: inout [UInt8]) {
            let hex = Array("0123456789abcdef".utf8)
            out.append(UInt8(ascii: "\""))
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case ..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// A strict RFC 8259 parser over UTF-8 bytes.
    struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func atEnd() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        mutating func value() -> Value? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var pairs: [([UInt8], Value)] = []
                skipSpace()
                if take(UInt8(ascii: "}")) { return .object(pairs) }
                repeat {
                    skipSpace()
                    guard let key = string(), skipSpaceThenTake(UInt8(ascii: ":")), let item = value() else { return nil }
                    pairs.append((key, item))
                } while skipSpaceThenTake(UInt8(ascii: ","))
                return skipSpaceThenTake(UInt8(ascii: "}")) ? .object(pairs) : nil
            case UInt8(ascii: "["):
                index += 1
                var items: [Value] = []
                skipSpace()
                if take(UInt8(ascii: "]")) { return .array(items) }
                repeat {
                    guard let item = value() else { return nil }
                    items.append(item)
                } while skipSpaceThenTake(UInt8(ascii: ","))
                return skipSpaceThenTake(UInt8(ascii: "]")) ? .array(items) : nil
            case UInt8(ascii: "\""):
                return string().map(Value.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number().map(Value.number)
            }
        }

        private mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpaceThenTake(_ byte: UInt8) -> Bool {
            skipSpace()
            return take(byte)
        }

        private mutating func literal(_ word: String) -> Bool {
            let text = Array(word.utf8)
            guard bytes.count - index >= text.count, Array(bytes[index..<index + text.count]) == text else { return false }
            index += text.count
            return true
        }

        /// A string's bytes with its escapes resolved (jsonb refuses `\u0000` and lone surrogates).
        private mutating func string() -> [UInt8]? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return out
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var code = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(code) {
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard code != 0, let scalar = Unicode.Scalar(code) else { return nil }
                        out += Array(String(Character(scalar)).utf8)
                    default: return nil
                    }
                case ..<0x20: return nil
                default: out.append(byte)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard bytes.count - index >= 4 else { return nil }
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { return nil }
                code = code << 4 + UInt32(digit)
                index += 1
            }
            return code
        }

        /// A number as `numeric` prints it: the exponent applied, the scale kept
        /// (`1.50` stays, `1.5e1` is `15`, `1e-2` is `0.01`), no sign on zero.
        private mutating func number() -> [UInt8]? {
            let negative = take(UInt8(ascii: "-"))
            let integer = digits()
            guard !integer.isEmpty, integer.count == 1 || integer[0] != UInt8(ascii: "0") else { return nil }
            var fraction: [UInt8] = []
            if take(UInt8(ascii: ".")) {
                fraction = digits()
                guard !fraction.isEmpty else { return nil }
            }
            var exponent = 0
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                let minus = take(UInt8(ascii: "-"))
                if !minus { _ = take(UInt8(ascii: "+")) }
                let text = digits()
                guard !text.isEmpty, text.count <= 6, let magnitude = Int(String(decoding: text, as: UTF8.self)) else { return nil }
                exponent = minus ? -magnitude : magnitude
            }
            let all = integer + fraction
            let point = integer.count + exponent
            var whole: [UInt8]
            var decimals: [UInt8]
            if point <= 0 {
                whole = [UInt8(ascii: "0")]
                decimals = Array(repeating: UInt8(ascii: "0"), count: -point) + all
            } else if point >= all.count {
                whole = all + Array(repeating: UInt8(ascii: "0"), count: point - all.count)
                decimals = []
            } else {
                whole = Array(all[..<point])
                decimals = Array(all[point...])
            }
            while whole.count > 1, whole[0] == UInt8(ascii: "0") { whole.removeFirst() }
            let zero = all.allSatisfy { $0 == UInt8(ascii: "0") }
            var out: [UInt8] = negative && !zero ? [UInt8(ascii: "-")] : []
            out += whole
            if !decimals.isEmpty { out += [UInt8(ascii: ".")] + decimals }
            return out
        }

        private mutating func digits() -> [UInt8] {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return Array(bytes[start..<index])
        }
    }
}
