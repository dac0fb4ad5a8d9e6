/// The id of a program rule as DESIGN.md names it, e.g. `COM-03`.
///
/// Refusals and compliance findings both name their rule with this type, so an auditor
/// can look a rule up in one table whatever reported it.
public struct RuleID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let prg01 = RuleID("PRG-01")
    public static let prg02 = RuleID("PRG-02")
    public static let com01 = RuleID("COM-01")
    public static let com02 = RuleID("COM-02")
    public static let com03 = RuleID("COM-03")
    public static let com04 = RuleID("COM-04")
    public static let com05 = RuleID("COM-05")
    public static let com06 = RuleID("COM-06")
    public static let ldr01 = RuleID("LDR-01")
    public static let ldr02 = RuleID("LDR-02")
    public static let ldr03 = RuleID("LDR-03")
    public static let ldr04 = RuleID("LDR-04")
    public static let obl01 = RuleID("OBL-01")
    public static let obl02 = RuleID("OBL-02")
    public static let obl03 = RuleID("OBL-03")
    public static let obl04 = RuleID("OBL-04")
    public static let stp01 = RuleID("STP-01")
    public static let stp02 = RuleID("STP-02")
    public static let stp03 = RuleID("STP-03")
    public static let stp04 = RuleID("STP-04")
    public static let stp05 = RuleID("STP-05")
    public static let rec01 = RuleID("REC-01")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
