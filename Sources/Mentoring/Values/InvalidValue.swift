/// A value typed by a person (an id, a date, an amount) that cannot be accepted.
///
/// It names the field so that the CLI can say which flag or CSV column is wrong, and it
/// says what a good value looks like, because the person who typed it has to fix it.
public struct InvalidValue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field as a user knows it, e.g. `community id` or `hours`.
    public let field: String
    /// The text that was refused, as typed.
    public let value: String
    /// What is wrong and what is wanted.
    public let message: String

    public init(field: String, value: String, message: String) {
        self.field = field
        self.value = value
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
