/// Changes a faculty member's title (a barred title gained while leading is an LDR-02 finding).
///
/// `mcledger person retitle <id> --title <title>`
public struct RetitlePerson: Hashable, Sendable {
    public var person: PersonID
    public var title: FacultyTitle

    public init(person: PersonID, title: FacultyTitle) {
        self.person = person
        self.title = title
    }
}
