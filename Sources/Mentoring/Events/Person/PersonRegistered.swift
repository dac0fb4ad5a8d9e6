/// A person enters the program with a role; their name goes to the directory table, not here.
///
/// Appended to the `person-<id>` stream.
public struct PersonRegistered: EventPayload {
    public static let typeName = "PersonRegistered"
    public static let schemaVersion = 1

    /// The new person.
    public var person: PersonID
    /// Their role, fixed from now on.
    public var role: Role
    /// A student's graduating class.
    public var classOf: Int?
    /// The year a faculty member completed residency (LDR-03).
    public var residencyCompleted: Int?
    /// A faculty member's title (LDR-02).
    public var title: FacultyTitle?

    public init(person: PersonID, role: Role, classOf: Int? = nil, residencyCompleted: Int? = nil, title: FacultyTitle? = nil) {
        self.person = person
        self.role = role
        self.classOf = classOf
        self.residencyCompleted = residencyCompleted
        self.title = title
    }
}

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
