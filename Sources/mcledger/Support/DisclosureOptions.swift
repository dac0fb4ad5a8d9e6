import ArgumentParser
import Ledger
import Logging
import Mentoring
import Postgres
import Projections

/// `--purpose` and `--recipient`, on every command whose output names students
/// (`roster`, `audit trail`, `report nightly`, `person record`): what its
/// `RecordsDisclosed` event records (FERPA 99.32, docs/PRIVACY.md).
struct DisclosureOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Why the student records are disclosed, recorded with the disclosure (default: the policy's disclosure basis, 99.31(a)(1) school officials with a legitimate educational interest).",
        valueName: "text"
    ))
    var purpose: String?
    @Option(help: ArgumentHelp("Who receives the records, when not this login itself (needs --purpose).", valueName: "name"))
    var recipient: String?

    func validate() throws {
        if recipient != nil && purpose == nil {
            throw ValidationError("--recipient needs --purpose: the default basis covers only a school official reading for themselves; say why this recipient may receive the records")
        }
        do {
            if let purpose {
                try freeText(purpose, field: "--purpose")
                if purpose.allSatisfy(\.isWhitespace) { throw InvalidValue(field: "--purpose", value: purpose, message: "is empty; say why the records are disclosed") }
            }
            if let recipient {
                guard recipient.count <= 200, !recipient.allSatisfy(\.isWhitespace) else {
                    throw InvalidValue(field: "--recipient", value: String(recipient.prefix(40)), message: "must be 1 to 200 characters")
                }
                try freeText(recipient, field: "--recipient")
            }
        } catch let error as InvalidValue {
            throw ValidationError(error.description)
        }
    }

    /// Appends the disclosure of `students` in the transaction `db` is in; nothing when
    /// no student is named (an output that names no student discloses no record).
    ///
    /// - Parameters:
    ///   - scope: the query, e.g. `roster c-latinx --as-of 2027-01-10`, built from the
    ///     parsed arguments (never the raw command line, which may hold a password).
    ///   - recipient: who receives the records when `--recipient` is not given (default:
    ///     the login reading).
    ///   - purpose: the basis when `--purpose` is not given (default: the policy's
    ///     disclosure basis for today's academic year).
    func record(
        _ db: Connection, output: DisclosureOutput, scope: String, students: some Sequence<PersonID>,
        recipient defaultRecipient: String? = nil, purpose defaultPurpose: String? = nil
    ) throws {
        let ids = Array(Set(students)).sorted { $0.rawValue < $1.rawValue }
        guard !ids.isEmpty else { return }
        let today = ProjectionClock.today()
        let basis: String
        if let purpose {
            basis = purpose
        } else if let defaultPurpose {
            basis = defaultPurpose
        } else {
            basis = try CommandHandler(connection: db, logger: Logger(label: "mcledger.ledger")).policy(for: today.academicYear).disclosureBasis
        }
        let disclosure = RecordsDisclosed(
            recipient: recipient ?? defaultRecipient ?? db.user, purpose: basis, scope: scope, students: ids, output: output
        )
        try DisclosureLog(connection: db).record(disclosure, on: today)
    }
}
