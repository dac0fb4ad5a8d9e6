/// How a leader met students (OBL-02 accepts either).
public enum MeetingMode: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case individual
    case `class`

    /// - Throws: ``InvalidValue`` naming `field`.
    public init(parsing text: String, field: String = "mode") throws(InvalidValue) {
        guard let value = Self(rawValue: text) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a meeting mode; use individual or class")
        }
        self = value
    }

    public var description: String { rawValue }
}
