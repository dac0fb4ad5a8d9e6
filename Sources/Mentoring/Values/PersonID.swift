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
