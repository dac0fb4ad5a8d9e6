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
