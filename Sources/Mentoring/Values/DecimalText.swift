/// Reads and writes exact decimals with two places (`2500`, `2500.5`, `2500.00`) as an
/// integer count of hundredths.
///
/// Money and hours are typed by people and summed by the ledger, so they never pass
/// through floating point: `1e9`, `nan`, `0x10`, `+5`, `1,000` and a third decimal are
/// refused rather than rounded.
enum DecimalText {
    /// The integer count of hundredths written by `text`.
    ///
    /// - Parameters:
    ///   - maximumIntegerDigits: keeps the value far from overflow.
    ///   - example: shown in the message so the user sees a good spelling.
    static func hundredths(_ text: String, field: String, maximumIntegerDigits: Int, example: String) throws(InvalidValue) -> Int {
        if let value = wellFormed(text.utf8, maximumIntegerDigits: maximumIntegerDigits) { return value }
        // Anything else is refused below, with a message that names what is wrong.
        if text.hasPrefix("-") {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is negative; write a positive amount, e.g. \(example)")
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy(isDigits) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a decimal number; write digits with at most two decimals, e.g. \(example)")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' ends with '.'; write e.g. \(example)")
        }
        guard fraction.count <= 2 else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' has \(fraction.count) decimals; at most two are allowed, e.g. \(example)")
        }
        let integerPart = parts[0].drop(while: { $0 == "0" })
        guard integerPart.count <= maximumIntegerDigits, let whole = Int(parts[0]) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is too large")
        }
        let cents = fraction.isEmpty ? 0 : Int(fraction.count == 1 ? fraction + "0" : fraction)!
        return whole * 100 + cents
    }

    /// `hundredths` written with exactly two decimals: 250000 → `2500.00`.
    static func format(hundredths: Int) -> String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The value of a well-formed amount (`2500`, `0.5`, `12.25`), read from its bytes
    /// without allocating; nil for anything ``hundredths`` must explain.
    private static func wellFormed(_ bytes: String.UTF8View, maximumIntegerDigits: Int) -> Int? {
        var whole = 0, cents = 0, integerDigits = 0, significant = 0, decimals = -1
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard decimals < 0, integerDigits > 0 else { return nil }
                decimals = 0
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if decimals >= 0 {
                decimals += 1
                guard decimals <= 2 else { return nil }
                cents = cents * 10 + digit
            } else {
                integerDigits += 1
                if significant > 0 || digit != 0 { significant += 1 }
                guard significant <= maximumIntegerDigits else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard integerDigits > 0, decimals != 0 else { return nil }
        return whole * 100 + (decimals == 1 ? cents * 10 : cents)
    }

    private static func isDigits(_ text: Substring) -> Bool {
        text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
