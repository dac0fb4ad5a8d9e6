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
