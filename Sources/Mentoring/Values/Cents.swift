/// An amount of money in US cents.
///
/// Integers only: a stipend of `2500.00` dollars is 250000 cents and stays exactly that
/// through every sum, comparison and JSON payload (written as the string `"2500.00"`).
public struct Cents: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: Int

    public init(_ value: Int) { self.value = value }

    /// Parses dollars with at most two decimals: `2500`, `2500.5`, `2500.00`.
    ///
    /// - Throws: ``InvalidValue`` naming `field` for `2500.001`, `-5`, `1e3`, `$2,500`.
    public init(dollars text: String, field: String = "amount") throws(InvalidValue) {
        value = try DecimalText.hundredths(text, field: field, maximumIntegerDigits: 9, example: "2500.00")
    }

    /// Dollars with two decimals and no symbol, e.g. `2500.00`, as typed on the CLI.
    public var dollarsText: String { DecimalText.format(hundredths: value) }

    /// `$2500.00`, for messages.
    public var description: String { "$" + dollarsText }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public static func + (lhs: Self, rhs: Self) -> Self { Cents(lhs.value + rhs.value) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(dollars: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dollarsText)
    }
}
