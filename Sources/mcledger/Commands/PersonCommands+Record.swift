import ArgumentParser
import EventStore
import Ledger
import Mentoring
import Postgres
import Projections
import Reports

extension PersonCommands {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Print a student's own education record: every fact the ledger holds about them, with positions.",
            discussion: """
                For a student inspecting their record (FERPA 34 CFR 99.10): registration, \
                placements, joins and leaves, meetings and gatherings attended, the \
                corrections that voided any of those, and every disclosure of their records, \
                each with its ledger position, date and who recorded it; the name from the \
                people directory when this login may read it. One JSON document, or one \
                self-contained HTML page (escaped, no script, no external asset).

                The record is itself a disclosure: before anything is printed, a \
                RecordsDisclosed event is appended in the transaction that read it, with \
                the student as recipient and "99.10 inspection by the student" as purpose \
                (--recipient and --purpose name another party and basis; --recipient needs \
                --purpose). If it cannot be recorded, nothing is printed (exit 77). An id \
                that is not a registered student is refused (exit 65), nothing recorded.

                Examples:
                  mcledger person record s-ana
                  mcledger person record s-ana --format html > s-ana.html
                """
        )

        @Argument(help: ArgumentHelp("The student.", valueName: "student-id")) var student: String
        @Option(help: "Output format: json or html.") var format: RecordFormat = .json
        @OptionGroup var disclosure: DisclosureOptions
        @OptionGroup var connection: ConnectionOptions

        enum RecordFormat: String, ExpressibleByArgument, CaseIterable {
            case json, html
        }

        func validate() throws {
            do { _ = try PersonID(student, field: "student id") } catch { throw ValidationError(error.description) }
        }

        func run() throws {
            try reportingQueryFailures {
                let id = try PersonID(student, field: "student id")
                // Read and record the disclosure in one transaction; print only after it commits.
                let document = try connection.withLedger { db in
                    try db.withTransaction { tx in
                        let registration = try EventStore(connection: tx).read(stream: .init(Mentoring.StreamName.person(id).rawValue))
                            .events.first { $0.type == PersonRegistered.typeName }
                        let role = try registration?.decode(RoleOnly.self).role
                        guard let role else {
                            throw InvalidValue(field: "student id", value: id.rawValue, message: "no person \(id) is registered; give a registered student's id")
                        }
                        guard role == Role.student.rawValue else {
                            throw InvalidValue(field: "student id", value: id.rawValue, message: "\(id) is registered as \(role), not a student; person record is a student's own record")
                        }
                        let events = try AuditQuery.trail(connection: tx, subject: id.rawValue)
                        let voiding = events.compactMap(\.voidedBy)
                        let corrections = try AuditQuery.events(connection: tx, at: voiding)
                        try disclosure.record(
                            tx, output: .record, scope: "person record \(id)", students: [id],
                            recipient: id.rawValue, purpose: DisclosureBasis.studentInspection
                        )
                        let disclosures = try DisclosureLog(connection: tx).list(student: id).map { row in
                            StudentRecordDocument.Disclosure(
                                position: row.position, occurredOn: row.occurredOn, recordedAt: row.recordedAt, login: row.login,
                                output: row.output, recipient: row.recipient, purpose: row.purpose, scope: row.scope
                            )
                        }
                        let mayReadNames = try tx.execute("SELECT has_column_privilege('mcledger.people', 'name', 'SELECT')").first?.bool(0) == true
                        let name = mayReadNames ? try PeopleDirectory(connection: tx).name(of: id.rawValue) : nil
                        return StudentRecordDocument(
                            student: id, name: name, producedOn: Today.day(),
                            events: events, corrections: corrections, disclosures: disclosures
                        )
                    }
                }
                switch format {
                case .html: Terminal.print(document.html(), terminator: "")
                case .json: Self.json(document).print()
                }
            }
        }

        static func json(_ document: StudentRecordDocument) -> JSONOutput {
            .object([
                ("student", .string(document.student.rawValue)),
                ("name", .optional(document.name)),
                ("producedOn", .string(document.producedOn.description)),
                ("events", .array(document.events.map(\.json))),
                ("corrections", .array(document.corrections.map(\.json))),
                ("disclosures", .array(document.disclosures.map { row in
                    .object([
                        ("position", .int(row.position)),
                        ("occurredOn", .string(row.occurredOn)),
                        ("recordedAt", .string(row.recordedAt)),
                        ("login", .optional(row.login)),
                        ("output", .string(row.output)),
                        ("recipient", .string(row.recipient)),
                        ("purpose", .string(row.purpose)),
                        ("scope", .string(row.scope)),
                    ])
                })),
            ])
        }
    }
}

/// The role of a `PersonRegistered` payload, all `person record` reads of it.
private struct RoleOnly: Decodable {
    var role: String
}
