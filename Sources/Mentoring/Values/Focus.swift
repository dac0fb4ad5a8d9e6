/// The identity focus of a community (PRG-02 bounds the number per focus).
public enum Focus: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    case latinx
    case africanAmerican = "african-american"
    case asian
    case firstGeneration = "first-generation"
    case lgbtq
    case longDistance = "long-distance"
    /// No particular identity.
    case general

    /// - Throws: ``InvalidValue`` naming `field` and listing the accepted spellings.
    public init(parsing text: String, field: String = "focus") throws(InvalidValue) {
        guard let value = Self(rawValue: text) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a focus; use one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }

    public var description: String { rawValue }
}
