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
