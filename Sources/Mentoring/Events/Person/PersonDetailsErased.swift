/// A person's details were erased from the directory: which fields, never their values.
///
/// The log keeps every fact about the person by id, and its hashes stay valid; the
/// directory's entry is emptied in the same transaction (the server refuses an erasure
/// without this event beside it), and readers show the person as `[erased]`. An erased
/// name is never recorded again. Appended to the `person-<id>` stream, with the reason in
/// the metadata like every `--reason`.
public struct PersonDetailsErased: EventPayload {
    public static let typeName = "PersonDetailsErased"
    public static let schemaVersion = 1

    /// The person whose details were erased.
    public var person: PersonID
    /// The directory fields erased, e.g. `["name"]`.
    public var fields: [PersonDetail]

    public init(person: PersonID, fields: [PersonDetail]) {
        self.person = person
        self.fields = fields
    }
}

/// Erases a person's details from the directory (FERPA; a retention policy): the person's
/// facts stay in the log by id, the name goes.
///
/// `mcledger person erase <id> --reason TEXT`; `mcledger person purge` erases many.
public struct ErasePerson: Hashable, Sendable {
    public var person: PersonID

    public init(person: PersonID) {
        self.person = person
    }
}
