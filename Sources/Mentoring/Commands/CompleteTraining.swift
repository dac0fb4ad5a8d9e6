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
