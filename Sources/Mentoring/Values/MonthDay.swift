/// A day of the year without its year (`MM-DD`), for dates a policy fixes every year,
/// such as graduation (June 30).
public struct MonthDay: Hashable, Sendable, Codable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    /// - Throws: ``InvalidValue`` naming `field` when no year has that day (02-29 is allowed).
    public init(month: Int, day: Int, field: String = "date") throws(InvalidValue) {
        guard (1...12).contains(month), (1...Day.daysIn(month: month, year: 2000)).contains(day) else {
            throw InvalidValue(field: field, value: "\(month)-\(day)", message: "\(month)-\(day) is not a day of the year; write MM-DD, e.g. 06-30")
        }
        self.month = month
        self.day = day
    }

    init(unchecked month: Int, _ day: Int) {
        self.month = month
        self.day = day
    }

    /// Parses `MM-DD`.
    public init(_ text: String, field: String = "date") throws(InvalidValue) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let month = Int(parts[0]), let day = Int(parts[1]) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not MM-DD; write e.g. 06-30")
        }
        try self.init(month: month, day: day, field: field)
    }

    /// This day in `year` (February 29 falls back to the 28th in a common year).
    public func day(in year: Int) -> Day {
        Day(unchecked: year, month, min(day, Day.daysIn(month: month, year: year)))
    }

    public var description: String {
        (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
