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
