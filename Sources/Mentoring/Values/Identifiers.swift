// The administrator-chosen ids, their one spelling rule and their common behaviour: a
// flag such as `--community` becomes one of these before anything else reads it.

/// The administrator-chosen id of a mentoring community, e.g. `c-latinx`.
///
/// A distinct type from ``PersonID`` so that a community can never be passed where a
/// person is meant; both are validated once, here, with the rule of ``IdentifierSyntax``.
public struct CommunityID: ValidatedIdentifier {
    public let rawValue: String
    public static let field = "community id"

    /// - Throws: ``InvalidValue`` naming `field` when `text` is not a valid id.
    public init(_ text: String, field: String = Self.field) throws(InvalidValue) {
        rawValue = try IdentifierSyntax.validate(text, field: field)
    }
}

/// The administrator-chosen id of a person (faculty, resident, student, staff or
/// community member), e.g. `f-okafor` or `s-2029-ana`.
///
/// Events carry this id and never a name: names live in the `people` directory beside
/// the log so that they can be erased without breaking the hash chain.
///
/// An *actor* (the `--actor` string of a write) acts as the person whose id equals that
/// string; ``Actor/person`` makes the mapping, used by the stipend separation of duties.
public struct PersonID: ValidatedIdentifier {
    public let rawValue: String
    public static let field = "person id"

    /// - Throws: ``InvalidValue`` naming `field` when `text` is not a valid id.
    public init(_ text: String, field: String = Self.field) throws(InvalidValue) {
        rawValue = try IdentifierSyntax.validate(text, field: field)
    }
}

/// The one spelling rule every administrator-chosen id follows (CLI.md, Conventions).
///
/// Ids appear in stream names, file names and URLs, so they are kept to a small,
/// unambiguous alphabet: lowercase letters, digits and `-`, 1–64 characters, starting
/// with a letter or digit.
enum IdentifierSyntax {
    static let maximumLength = 64

    /// Returns `text` unchanged when it is a valid id.
    ///
    /// - Throws: ``InvalidValue`` naming `field` and the first thing that is wrong.
    static func validate(_ text: String, field: String) throws(InvalidValue) -> String {
        // The common case, a valid id, is checked on its bytes without allocating.
        let utf8 = text.utf8
        if let first = utf8.first, first != UInt8(ascii: "-"), utf8.count <= maximumLength,
           utf8.allSatisfy({ isAllowed(Unicode.Scalar($0)) }) {
            return text
        }
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else {
            throw InvalidValue(field: field, value: text, message: "is empty; use lowercase letters, digits and '-', e.g. c-latinx")
        }
        guard scalars.count <= maximumLength else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is \(scalars.count) characters long; at most \(maximumLength) are allowed")
        }
        for scalar in scalars where !isAllowed(scalar) {
            throw InvalidValue(
                field: field, value: text,
                message: "'\(text)' contains '\(scalar.escaped(asASCII: true))'; use only lowercase letters, digits and '-'"
            )
        }
        guard scalars[0] != "-" else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' starts with '-'; start with a letter or digit")
        }
        return text
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
    }
}

/// A typed id spelled by ``IdentifierSyntax``: its comparison, description and its JSON
/// form (a plain string, validated again when read) are the same for every kind of id.
public protocol ValidatedIdentifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    var rawValue: String { get }

    /// How a user names this kind of id in a message, e.g. `community id`.
    static var field: String { get }

    /// - Throws: ``InvalidValue`` naming `field` when `text` is not a valid id.
    init(_ text: String, field: String) throws(InvalidValue)
}

extension ValidatedIdentifier {
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text, field: Self.field) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
