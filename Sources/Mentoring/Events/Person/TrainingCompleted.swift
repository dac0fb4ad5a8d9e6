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
