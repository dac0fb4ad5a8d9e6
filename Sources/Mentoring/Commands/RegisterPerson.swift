/// Registers a person. The name is for the directory table the handler writes in the same transaction; it never enters an event.
///
/// `mcledger person register <id> --name TEXT --role <role> [--class-of YEAR] [--residency-completed YEAR] [--title <title>]`
public struct RegisterPerson: Hashable, Sendable {
    public var person: PersonID
    public var name: String
    public var role: Role
    public var classOf: Int?
    public var residencyCompleted: Int?
    public var title: FacultyTitle?

    public init(person: PersonID, name: String, role: Role, classOf: Int? = nil, residencyCompleted: Int? = nil, title: FacultyTitle? = nil) {
        self.person = person
        self.name = name
        self.role = role
        self.classOf = classOf
        self.residencyCompleted = residencyCompleted
        self.title = title
    }
}
