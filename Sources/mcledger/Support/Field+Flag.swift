import Mentoring

/// The CLI's spelling of the domain's fields: a refusal that says `check the date`
/// prints `check --on`, so the person sees the flag to fix.
extension Field {
    var flag: String {
        switch self {
        case .date: "--on"
        case .reason: "--reason"
        case .waiver: "--waiver"
        case .exception: "--exception"
        case .title: "--title"
        case .residencyCompleted: "--residency-completed"
        case .classOf: "--class-of"
        case .deiApproval: "--dei-approval"
        case .saApproval: "--sa-approval"
        case .student: "--student"
        case .checkDigest: "--check-digest"
        case .checkpoint: "--checkpoint"
        }
    }
}

extension FieldMessage {
    /// The message as the CLI prints it: fields as flags, the event list as the command
    /// that prints it.
    var forCLI: String {
        rendered(field: \.flag) { stream in
            stream.map { "`mcledger events --stream \($0)`" } ?? "`mcledger events --format json`"
        }
    }
}
