/// The administrator-chosen id of a mentoring community, e.g. `c-latinx`.
///
/// A distinct type from ``PersonID`` so that a community can never be passed where a
/// person is meant; both are validated once, here, with the rule of ``IdentifierSyntax``.
public struct CommunityID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// - Throws: ``InvalidValue`` naming `field` when `text` is not a valid id.
    public init(_ text: String, field: String = "community id") throws(InvalidValue) {
        rawValue = try IdentifierSyntax.validate(text, field: field)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
