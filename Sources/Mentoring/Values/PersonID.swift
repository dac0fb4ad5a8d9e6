/// The administrator-chosen id of a person (faculty, resident, student, staff or
/// community member), e.g. `f-okafor` or `s-2029-ana`.
///
/// Events carry this id and never a name: names live in the `people` directory beside
/// the log so that they can be erased without breaking the hash chain.
///
/// An *actor* (the `--actor` string of a write) acts as the person whose id equals that
/// string; ``Actor/person`` makes the mapping, used by the stipend separation of duties.
public struct PersonID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// - Throws: ``InvalidValue`` naming `field` when `text` is not a valid id.
    public init(_ text: String, field: String = "person id") throws(InvalidValue) {
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
