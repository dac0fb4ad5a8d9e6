/// An academic year, July 1 – June 30, written `2026-27`.
///
/// Every yearly duty (hours, gatherings, meetings, the stipend) is counted within one of
/// these, so the boundary lives here once: June 30, 2027 is in `2026-27` and July 1, 2027
/// is in `2027-28`.
public struct AcademicYear: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, CodingKeyRepresentable {
    /// The calendar year in which the academic year begins (2026 for `2026-27`).
    public let startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    /// The academic year that contains `day`.
    public init(containing day: Day) {
        startYear = day.month >= 7 ? day.year : day.year - 1
    }

    /// Parses `YYYY-YY`, where the second part is the year after the first (`2026-27`).
    ///
    /// - Throws: ``InvalidValue`` naming `field`.
    public init(_ text: String, field: String = "academic year") throws(InvalidValue) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let start = Int(parts[0]), let end = Int(parts[1]), start >= 1
        else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not an academic year; write YYYY-YY, e.g. 2026-27")
        }
        guard end == (start + 1) % 100 else {
            let expected = Self(startYear: start).description
            throw InvalidValue(field: field, value: text, message: "'\(text)' does not span two consecutive years; did you mean \(expected)?")
        }
        startYear = start
    }

    /// July 1, the first day of the year.
    public var firstDay: Day { Day(unchecked: startYear, 7, 1) }
    /// June 30, the last day of the year.
    public var lastDay: Day { Day(unchecked: startYear + 1, 6, 30) }

    public func contains(_ day: Day) -> Bool { firstDay <= day && day <= lastDay }

    public var next: AcademicYear { AcademicYear(startYear: startYear + 1) }
    public var previous: AcademicYear { AcademicYear(startYear: startYear - 1) }

    /// `YYYY-YY`, the start year padded to four digits as ``init(_:field:)`` reads it
    /// (`0186-87`, not `186-87`).
    public var description: String {
        let start = String(startYear)
        let end = (startYear + 1) % 100
        return String(repeating: "0", count: max(0, 4 - start.count)) + start + "-" + (end < 10 ? "0" : "") + String(end)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.startYear < rhs.startYear }

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

    public var codingKey: any CodingKey { AnyKey(description) }

    public init?<T: CodingKey>(codingKey: T) {
        guard let year = try? Self(codingKey.stringValue) else { return nil }
        self = year
    }
}

/// A plain string coding key, for dictionaries keyed by domain values.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ stringValue: String) { self.stringValue = stringValue }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
