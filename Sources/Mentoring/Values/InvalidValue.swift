/// A value typed by a person (an id, a date, an amount) that cannot be accepted.
///
/// It names the field so that the CLI can say which flag or CSV column is wrong, and it
/// says what a good value looks like, because the person who typed it has to fix it.
public struct InvalidValue: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The field as a user knows it, e.g. `community id` or `hours`.
    public let field: String
    /// The text that was refused, as typed.
    public let value: String
    /// What is wrong and what is wanted.
    public let message: String
    /// The error that made the value unacceptable (a parser's), when there is one.
    public let underlying: (any Error)?

    public init(field: String, value: String, message: String, underlying: (any Error)? = nil) {
        self.field = field
        self.value = value
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "\(field): \(message)" }

    /// The message and the cause chain, for logs.
    public var debugDescription: String {
        description + (underlying.map { "\n  caused by: \(String(reflecting: $0))" } ?? "")
    }

    /// Equal when they refuse the same value of the same field for the same reason.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.field == rhs.field && lhs.value == rhs.value && lhs.message == rhs.message
    }
}
