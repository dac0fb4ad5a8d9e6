/// A person's or community's name as people write it: 1 to 200 characters, no control
/// characters.
///
/// The people directory holds at most 200 characters (schema/002); checking here names
/// the field, where the database could only refuse the whole row.
public enum DisplayName {
    public static let maximumLength = 200

    /// Returns `text` when it is a usable name.
    ///
    /// - Parameter field: the field as the user knows it, e.g. `--name` or `name`.
    /// - Throws: ``InvalidValue`` naming `field`.
    public static func validate(_ text: String, field: String) throws(InvalidValue) -> String {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw InvalidValue(field: field, value: text, message: "the name is empty; give it as people know it")
        }
        guard text.count <= maximumLength else {
            throw InvalidValue(field: field, value: text, message: "the name is \(text.count) characters long; at most \(maximumLength) are kept")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InvalidValue(field: field, value: text, message: "the name contains a control character (a tab, line break or similar); write it on one line")
        }
        return text
    }
}

