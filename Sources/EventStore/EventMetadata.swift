/// Facts about an event's metadata text (jsonb's output) that readers check before parsing.
public enum EventMetadata {
    /// The key the server writes into every event's metadata since schema/011: the
    /// database login (`session_user`) that appended it.
    public static let loginKey = "login"

    /// Whether `text` holds nothing a reader needs to parse: `{}`, or only a plain
    /// `login` (which readers take from the `login` column). jsonb prints keys sorted by
    /// length, then bytes, so `login` (5) precedes `reason` (6) and every longer key;
    /// a login whose text needs escaping takes the parser.
    public static func isEmptyButLogin(_ text: String) -> Bool {
        if text == "{}" { return true }
        let prefix = "{\"login\": \""
        guard text.hasPrefix(prefix), text.hasSuffix("\"}") else { return false }
        let inner = text.utf8.dropFirst(prefix.utf8.count).dropLast(2)
        return !inner.contains(UInt8(ascii: "\"")) && !inner.contains(UInt8(ascii: "\\"))
    }
}
