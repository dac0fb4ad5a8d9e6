/// A duration in hours, exact to a hundredth (`1.5`, `0.25`).
///
/// Leaders' time is summed against the 15–20 hour expectation (OBL-01), so it is held as
/// an integer count of hundredths. One entry is more than zero and at most 24 hours: a
/// larger number is a typing mistake, not a long gathering. Sums may exceed 24.
public struct Hours: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The most one recorded entry may hold.
    public static let maximumPerEntry = Hours(hundredths: 2400)
    public static let zero = Hours(hundredths: 0)

    public let hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }

    /// Parses one entry of hours: more than 0, at most 24, at most two decimals.
    ///
    /// - Throws: ``InvalidValue`` naming `field` for `-1`, `25`, `1e9`, `nan`, `0`, `1.005`.
    public init(_ text: String, field: String = "hours") throws(InvalidValue) {
        let value = try DecimalText.hundredths(text, field: field, maximumIntegerDigits: 6, example: "1.5")
        guard value > 0 else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is zero; record more than 0 hours")
        }
        guard value <= Self.maximumPerEntry.hundredths else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is more than 24 hours in one entry; split it or fix the number")
        }
        hundredths = value
    }

    /// Parses a total (for a policy's yearly bounds), which may exceed 24 hours.
    public init(total text: String, field: String = "hours") throws(InvalidValue) {
        hundredths = try DecimalText.hundredths(text, field: field, maximumIntegerDigits: 6, example: "15")
    }

    /// Whole hours, e.g. `Hours(whole: 15)` for a policy bound.
    public init(whole: Int) { hundredths = whole * 100 }

    /// Two decimals, e.g. `1.50`.
    public var description: String { DecimalText.format(hundredths: hundredths) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.hundredths < rhs.hundredths }

    public static func + (lhs: Self, rhs: Self) -> Self { Hours(hundredths: lhs.hundredths + rhs.hundredths) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(total: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
