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
