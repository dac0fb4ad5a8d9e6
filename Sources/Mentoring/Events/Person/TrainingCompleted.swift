/// A faculty member completes leadership training (LDR-04); it carries over to later years.
///
/// Appended to the `person-<id>` stream.
public struct TrainingCompleted: EventPayload {
    public static let typeName = "TrainingCompleted"
    public static let schemaVersion = 1

    /// The faculty member.
    public var person: PersonID
    /// Time spent, counted toward OBL-01 in its year.
    public var hours: Hours

    public init(person: PersonID, hours: Hours) {
        self.person = person
        self.hours = hours
    }
}

/// Records a faculty member's leadership training (LDR-04).
///
/// `mcledger training complete <faculty-id> --hours H`
public struct CompleteTraining: Hashable, Sendable {
    public var faculty: PersonID
    public var hours: Hours

    public init(faculty: PersonID, hours: Hours) {
        self.faculty = faculty
        self.hours = hours
    }
}
