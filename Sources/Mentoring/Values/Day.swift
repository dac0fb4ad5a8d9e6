/// A business date (`YYYY-MM-DD`): the day a thing happened in the program.
///
/// A day is a calendar date with no time and no zone, because the program reasons in
/// days ("a gathering on 2026-10-03") and an academic year starts on July 1 wherever the
/// clock is. Holding it as three integers keeps time-zone arithmetic out of the domain.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// - Throws: ``InvalidValue`` naming `field` when the date does not exist (2026-02-30).
    public init(year: Int, month: Int, day: Int, field: String = "date") throws(InvalidValue) {
        if (1...9999).contains(year), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) {
            (self.year, self.month, self.day) = (year, month, day)
            return
        }
        // Only a date that does not exist pays for formatting its message.
        let text = Self.format(year: year, month: month, day: day)
        guard (1...9999).contains(year) else {
            throw InvalidValue(field: field, value: text, message: "year \(year) is out of range; use a year from 0001 to 9999")
        }
        guard (1...12).contains(month) else {
            throw InvalidValue(field: field, value: text, message: "\(text) has month \(month); months run from 01 to 12")
        }
        let last = Self.daysIn(month: month, year: year)
        guard (1...last).contains(day) else {
            throw InvalidValue(field: field, value: text, message: "\(text) does not exist; that month has \(last) days")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO `YYYY-MM-DD` exactly: four-digit year, two-digit month and day.
    ///
    /// - Throws: ``InvalidValue`` naming `field`.
    public init(_ text: String, field: String = "date") throws(InvalidValue) {
        // Read as bytes: every stored event carries dates, and a rebuild reads millions.
        let parsed: (year: Int, month: Int, day: Int)? = text.utf8.withContiguousStorageIfAvailable(Self.parse) ?? Self.parse(Array(text.utf8))
        guard let (year, month, day) = parsed else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a date; write YYYY-MM-DD, e.g. 2026-10-03")
        }
        try self.init(year: year, month: month, day: day, field: field)
    }

    public var description: String { Self.format(year: year, month: month, day: day) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The academic year this day falls in.
    public var academicYear: AcademicYear { AcademicYear(containing: self) }

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

    /// A day known to exist, for dates the code computes from valid parts (July 1, June 30).
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// `YYYY-MM-DD` as three numbers, or nil when the shape is wrong.
    private static func parse(_ bytes: some RandomAccessCollection<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count == 10 else { return nil }
        var values = (0, 0, 0)
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                switch offset {
                case 0..<4: values.0 = values.0 * 10 + digit
                case 5, 6: values.1 = values.1 * 10 + digit
                default: values.2 = values.2 * 10 + digit
                }
            }
        }
        return values
    }

    private static func format(year: Int, month: Int, day: Int) -> String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
