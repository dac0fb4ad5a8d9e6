/// An inclusive range of counts, e.g. 6–18 students.
///
/// Its own type instead of `ClosedRange<Int>` so that it encodes as
/// `{"minimum":6,"maximum":18}` in a `PolicySet` payload, readable in SQL.
public struct CountRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var minimum: Int
    public var maximum: Int

    public init(_ minimum: Int, _ maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    public func contains(_ count: Int) -> Bool { minimum <= count && count <= maximum }

    public var description: String { minimum == maximum ? "\(minimum)" : "\(minimum)–\(maximum)" }
}
