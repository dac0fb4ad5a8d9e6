/// A faculty member's administrative title, which decides whether they may lead (LDR-02).
public enum FacultyTitle: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case none
    case associateDean = "associate-dean"
    case seniorDean = "senior-dean"
    case clerkshipDirector = "clerkship-director"

    /// Associate or Senior Deans and Clerkship Directors may not lead a community.
    public var barsLeadership: Bool {
        switch self {
        case .none: false
        case .associateDean, .seniorDean, .clerkshipDirector: true
        }
    }

    /// - Throws: ``InvalidValue`` naming `field` and listing the accepted spellings.
    public init(parsing text: String, field: String = "title") throws(InvalidValue) {
        guard let value = Self(rawValue: text) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a title; use one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }

    public var description: String { rawValue }
}

extension FacultyTitle {
    /// The title with its article, for messages: "an associate-dean".
    var withArticle: String {
        switch self {
        case .associateDean: "an \(rawValue)"
        case .none, .seniorDean, .clerkshipDirector: "a \(rawValue)"
        }
    }
}
