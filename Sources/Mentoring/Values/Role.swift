/// The role a person holds in the program, fixed at registration.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case faculty
    case resident
    case student
    case staff
    case communityMember = "community-member"

    /// - Throws: ``InvalidValue`` naming `field` and listing the accepted spellings.
    public init(parsing text: String, field: String = "role") throws(InvalidValue) {
        guard let value = Self(rawValue: text) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a role; use one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }

    public var description: String { rawValue }
}
