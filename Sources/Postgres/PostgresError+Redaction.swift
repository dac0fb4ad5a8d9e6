internal import Foundation

/// What of a server's or libpq's error may reach a person.
///
/// PostgreSQL explains a failed constraint with the row's contents ("Failing row contains
/// (…, Ada Okafor, …)") or the key's value ("Key (name)=(…) already exists"), and libpq
/// echoes a connection string it cannot parse, password and all. Those texts end up on
/// terminals, in logs and in cron mail, so ``description`` leaves the values out;
/// ``detail`` keeps them for code that needs them (the append's conflict JSON).
extension PostgresError {
    /// The detail without row contents or key values.
    public var redactedDetail: String? {
        guard let detail else { return nil }
        if detail.hasPrefix("Failing row contains") { return "the row's values are not shown" }
        if detail.hasPrefix("Key ("), let equals = detail.range(of: ")=(") {
            // "Key (a, b)=(x, y) already exists." → "Key (a, b)=(…) already exists."
            let columns = detail[..<equals.lowerBound]
            let rest = detail[equals.upperBound...]
            let tail = rest.range(of: ") ", options: .backwards).map { String(rest[$0.lowerBound...]) } ?? ")"
            return columns + ")=(…" + tail
        }
        return detail
    }
}

extension ConnectionConfiguration {
    /// `text` with every password this configuration carries replaced by `***`: a
    /// `password` keyword, the password in the `user:password@` of a URI (raw and
    /// percent-decoded, even in a URI libpq could not parse), a `password=` conninfo pair
    /// or URI parameter; then any `user:password@` or `password=` left in the text,
    /// whoever wrote it.
    public func redacting(_ text: String) -> String {
        var secrets: [String] = []
        for (keyword, value) in parameters {
            if keyword == "password" { secrets.append(value) }
            secrets += Self.passwords(in: value)
        }
        var result = text
        for secret in Set(secrets).sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            result = result.replacingAll(secret, with: "***")
        }
        return Self.masking(result)
    }

    /// Passwords written inside a URI or conninfo string.
    static func passwords(in value: String) -> [String] {
        var found: [String] = []
        for range in userinfoPasswords(in: value) {
            let password = String(value[range])
            found.append(password)
            if let decoded = password.removingPercentEncoding { found.append(decoded) }
        }
        for range in passwordPairs(in: value) {
            let password = String(value[range])
            found.append(password)
            if let decoded = password.removingPercentEncoding { found.append(decoded) }
        }
        return found
    }

    /// The `password` of each `user:password@` in `text`: the part after the first `:`
    /// of the word that ends at an `@` (a word starts after a blank, a quote or a `/`).
    static func userinfoPasswords(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var index = text.startIndex
        while let at = text[index...].firstIndex(of: "@") {
            var start = at
            while start > text.startIndex {
                let before = text.index(before: start)
                if " \t\n\"'/(".contains(text[before]) { break }
                start = before
            }
            if let colon = text[start..<at].firstIndex(of: ":") {
                ranges.append(text.index(after: colon)..<at)
            }
            index = text.index(after: at)
        }
        return ranges
    }

    /// The value of each `password=` pair (conninfo, quoted or not, or a URI parameter).
    static func passwordPairs(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var index = text.startIndex
        while let pair = text.range(of: "password", options: .caseInsensitive, range: index..<text.endIndex) {
            var cursor = pair.upperBound
            while cursor < text.endIndex, text[cursor] == " " { cursor = text.index(after: cursor) }
            guard cursor < text.endIndex, text[cursor] == "=" else { index = pair.upperBound; continue }
            cursor = text.index(after: cursor)
            while cursor < text.endIndex, text[cursor] == " " { cursor = text.index(after: cursor) }
            if cursor < text.endIndex, text[cursor] == "'" {
                let open = text.index(after: cursor)
                let close = text[open...].firstIndex(of: "'") ?? text.endIndex
                ranges.append(open..<close)
                index = close
            } else {
                let end = text[cursor...].firstIndex { " &\"\n".contains($0) } ?? text.endIndex
                ranges.append(cursor..<end)
                index = end
            }
            if index == text.endIndex { break }
        }
        return ranges
    }

    /// Masks every `user:password@` and `password=` value of `text`.
    static func masking(_ text: String) -> String {
        let ranges = (userinfoPasswords(in: text) + passwordPairs(in: text))
            .filter { !$0.isEmpty && text[$0] != "***" }
            .sorted { $0.lowerBound > $1.lowerBound }
        var result = text
        var lastStart = text.endIndex
        for range in ranges where range.upperBound <= lastStart {
            result.replaceSubrange(range, with: "***")
            lastStart = range.lowerBound
        }
        return result
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
