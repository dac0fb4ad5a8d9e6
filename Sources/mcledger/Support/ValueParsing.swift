import Mentoring

/// A calendar year typed on the command line (`--class-of 2029`), four digits.
///
/// - Throws: ``InvalidValue`` naming `field`.
func calendarYear(_ text: String, field: String) throws -> Int {
    guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text), (1900...2200).contains(year) else {
        throw InvalidValue(field: field, value: text, message: "'\(text)' is not a year; write four digits, e.g. 2029")
    }
    return year
}

/// The list of a repeated option (`--student s-1 --student s-2`), each checked as a person id.
func personIDs(_ texts: [String], field: String) throws -> [PersonID] {
    try texts.map { try PersonID($0, field: field) }
}

/// A count range typed as `MIN-MAX` (`6-18`) or one number for exactly that many (`1`).
func countRange(_ text: String, field: String) throws -> CountRange {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    let numbers = parts.compactMap { part -> Int? in
        guard !part.isEmpty, part.count <= 6, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(part)
    }
    guard numbers.count == parts.count, (1...2).contains(numbers.count) else {
        throw InvalidValue(field: field, value: text, message: "'\(text)' is not a range; write MIN-MAX, e.g. 6-18, or one number")
    }
    return CountRange(numbers[0], numbers.last!)
}

/// A whole number of at most six digits (`--meetings-per-year 1`).
func count(_ text: String, field: String) throws -> Int {
    guard !text.isEmpty, text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
        throw InvalidValue(field: field, value: text, message: "'\(text)' is not a whole number of 0 or more")
    }
    return value
}

/// The longest free text (a title, a reason, an approval, a name) a command accepts.
///
/// Free text goes into the log for ever and into every report after it: a 20 MB cell
/// would make every later nightly report as large. 2,000 characters holds any real
/// justification; a longer document belongs in the program's files, referenced by name.
let freeTextLimit = 2_000

/// Checks a free-text value typed on the command line: at most ``freeTextLimit``
/// characters and no control character (C0, DEL, C1: a line break, a tab, an escape
/// sequence), which no title or reason needs and which could drive a terminal later.
///
/// - Returns: `text` unchanged.
/// - Throws: ``InvalidValue`` naming `field` (exit 65), without echoing the text.
@discardableResult
func freeText(_ text: String, field: String) throws -> String {
    let length = text.count
    guard length <= freeTextLimit else {
        throw InvalidValue(field: field, value: String(text.prefix(40)), message: "\(length) characters is too long; at most \(freeTextLimit) are accepted")
    }
    if let control = text.unicodeScalars.first(where: { scalar in
        switch scalar.value { case 0x00...0x1F, 0x7F...0x9F: true; default: false }
    }) {
        let code = String(control.value, radix: 16, uppercase: true)
        throw InvalidValue(field: field, value: String(text.prefix(40)), message: "contains a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)); write it on one line, without tabs or escape sequences")
    }
    return text
}

/// ``freeText(_:field:)`` for an optional flag.
func freeText(_ text: String?, field: String) throws -> String? {
    try text.map { try freeText($0, field: field) }
}
