/// Student-identifying records left the database: who received them, why, which
/// students, and what was written (FERPA 34 CFR 99.32, the record of disclosures).
///
/// Appended to the `disclosures` stream only, by the server function
/// `mcledger.record_disclosure()` (schema/014), in the same transaction that read the
/// records, so that the output exists only if its record does. The login and actor that
/// read the records, and when, travel in the envelope as for every event. No rule reads
/// it and no correction voids it: the record of disclosures is kept with the student's
/// record for as long as that is kept (99.32(a)(2)).
public struct RecordsDisclosed: EventPayload {
    public static let typeName = "RecordsDisclosed"
    public static let schemaVersion = 1

    /// Who received the records: the login that read them, unless `--recipient` named
    /// another party; for `person record`, the student.
    public var recipient: String
    /// The legitimate interest or legal basis, e.g. `99.31(a)(1) school officials with a
    /// legitimate educational interest` (99.32(a)(3)(ii)).
    public var purpose: String
    /// The query as typed, e.g. `roster c-latinx --as-of 2027-01-10`.
    public var scope: String
    /// The students whose records were disclosed, sorted, each once.
    public var students: [PersonID]
    /// What was written.
    public var output: DisclosureOutput

    public init(recipient: String, purpose: String, scope: String, students: [PersonID], output: DisclosureOutput) {
        self.recipient = recipient
        self.purpose = purpose
        self.scope = scope
        self.students = students
        self.output = output
    }
}

/// The kinds of output that carry student-identifying records out of the database.
public enum DisclosureOutput: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// `mcledger roster`: students' ids (and names, where the login may read them).
    case roster
    /// `mcledger audit trail <student>`: a person's trail.
    case trail
    /// `mcledger report nightly`: the student-level files (`rosters.csv`).
    case nightly
    /// `mcledger person record`: a student's whole record.
    case record

    public var description: String { rawValue }
}

/// The bases of disclosure the ledger names by default.
public enum DisclosureBasis {
    /// 99.31(a)(1): the program's own default, for school officials reading for themselves.
    public static let schoolOfficials = "99.31(a)(1) school officials with a legitimate educational interest"
    /// 99.10: a student inspecting their own record.
    public static let studentInspection = "99.10 inspection by the student"
}
