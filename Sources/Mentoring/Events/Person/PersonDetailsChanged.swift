/// A person's details in the directory changed: which fields, never their values.
///
/// The directory (`mcledger.people`) holds names so that they can be erased while the
/// chain verifies; the log holds the fact that a name changed, with who changed it and
/// when, so no name changes without a trace (the server refuses a directory change
/// without this event beside it). Appended to the `person-<id>` stream.
public struct PersonDetailsChanged: EventPayload {
    public static let typeName = "PersonDetailsChanged"
    public static let schemaVersion = 1

    /// The person whose details changed.
    public var person: PersonID
    /// The directory fields that changed, e.g. `["name"]`.
    public var fields: [PersonDetail]

    public init(person: PersonID, fields: [PersonDetail]) {
        self.person = person
        self.fields = fields
    }
}

/// A field of a person's directory entry.
public enum PersonDetail: String, Hashable, Sendable, Codable, CaseIterable {
    case name
}

/// Changes a person's name in the directory. The name never enters an event: the handler
/// writes it beside a `PersonDetailsChanged` event, in the same transaction.
///
/// `mcledger person rename <id> --name TEXT [--reason TEXT]`
public struct RenamePerson: Hashable, Sendable {
    public var person: PersonID
    public var name: String

    public init(person: PersonID, name: String) {
        self.person = person
        self.name = name
    }
}
