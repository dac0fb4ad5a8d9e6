/// A faculty member's title changes; gaining a barred title mid-year is an LDR-02 finding.
///
/// Appended to the `person-<id>` stream.
public struct PersonRetitled: EventPayload {
    public static let typeName = "PersonRetitled"
    public static let schemaVersion = 1

    /// The faculty member.
    public var person: PersonID
    /// The new title.
    public var title: FacultyTitle

    public init(person: PersonID, title: FacultyTitle) {
        self.person = person
        self.title = title
    }
}

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
