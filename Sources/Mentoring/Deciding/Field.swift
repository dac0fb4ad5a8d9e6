/// An input a person gives a command, as the domain speaks of it.
///
/// Refusals name the input to fix by this value, never by a command-line flag: the CLI
/// (or any other front end) maps each field to its own spelling, so `check the date`
/// prints as `check --on` there and could read `check the Date column` in an import.
public enum Field: String, CaseIterable, Hashable, Sendable {
    /// The day the fact happened.
    case date
    /// The written reason of a write.
    case reason
    /// The waiver text of a stipend approval.
    case waiver
    /// The written justification of an exception (a leader's appointment).
    case exception
    /// A faculty member's title.
    case title
    /// The year a faculty member completed residency.
    case residencyCompleted
    /// A student's class year.
    case classOf
    /// The DEI office's approval of a local community member.
    case deiApproval
    /// Student Affairs' approval of a local community member.
    case saApproval
    /// The students of a meeting.
    case student
    /// The digest a nightly run checks its history against.
    case checkDigest
    /// The signed checkpoint a nightly run checks the log against.
    case checkpoint

    /// The field in words, for messages read outside any front end.
    public var words: String {
        switch self {
        case .date: "the date"
        case .reason: "a reason"
        case .waiver: "a waiver"
        case .exception: "an exception"
        case .title: "the title"
        case .residencyCompleted: "the residency year"
        case .classOf: "the class year"
        case .deiApproval: "the DEI approval"
        case .saApproval: "the Student Affairs approval"
        case .student: "student"
        case .checkDigest: "the digest to check"
        case .checkpoint: "the checkpoint"
        }
    }
}
