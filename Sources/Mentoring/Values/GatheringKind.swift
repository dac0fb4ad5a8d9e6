/// What a whole-community gathering was (the program lists examples; `other` covers the rest).
public enum GatheringKind: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case journalClub = "journal-club"
    case bookClub = "book-club"
    case filmOrArticle = "film-or-article"
    case lecture
    case patientCare = "patient-care"
    case professionalism
    case social
    case other

    /// - Throws: ``InvalidValue`` naming `field` and listing the accepted spellings.
    public init(parsing text: String, field: String = "kind") throws(InvalidValue) {
        guard let value = Self(rawValue: text) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a gathering kind; use one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }

    public var description: String { rawValue }
}
