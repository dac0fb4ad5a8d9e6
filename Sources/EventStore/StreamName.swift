/// The name of one stream of the log, e.g. `community-c-latinx`.
///
/// The store gives a stream name no meaning; the domain decides how names are formed.
public struct StreamName: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: StreamName, rhs: StreamName) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
