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
