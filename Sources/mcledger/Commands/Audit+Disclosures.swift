import ArgumentParser
import Ledger
import Mentoring

extension Audit {
    struct Disclosures: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disclosures",
            abstract: "List the record of disclosures of student records: who read which students' records, when, for whom and why.",
            discussion: """
                Every command or report that writes student-identifying records out of the \
                database (roster, audit trail, report nightly's rosters.csv, person record) \
                appends a RecordsDisclosed event to the disclosures stream first, in the \
                transaction that read them (FERPA 34 CFR 99.32). This lists them, oldest \
                first: the position, the date, the login that read (recorded by the \
                server), the output, the recipient, the purpose, the query and the students.

                --student keeps those naming that student; --since those dated on or \
                after DATE (the business date, today or $MCLEDGER_TODAY when recorded). \
                Reading the record of disclosures is not itself recorded: it is kept for \
                the officials who keep the records and for the student (99.32(c)).

                Examples:
                  mcledger audit disclosures
                  mcledger audit disclosures --student s-ana --format json
                  mcledger audit disclosures --since 2027-01-01 --format csv
                """
        )

        @Option(help: ArgumentHelp("Only disclosures of this student's records.", valueName: "student-id")) var student: String?
        @Option(help: ArgumentHelp("Only disclosures dated on or after this day, YYYY-MM-DD.", valueName: "date")) var since: String?
        @OptionGroup var options: QueryOptions

        func validate() throws {
            _ = try parsedDay(since, flag: "--since")
            if let student {
                do { _ = try PersonID(student, field: "--student") } catch { throw ValidationError(error.description) }
            }
        }

        func run() throws {
            try reportingQueryFailures {
                let day = try parsedDay(since, flag: "--since")
                let id = try student.map { try PersonID($0, field: "--student") }
                let rows = try options.connection.withLedger { try DisclosureLog(connection: $0).list(student: id, since: day) }
                switch options.format {
                case .json:
                    JSONOutput.object([("disclosures", .array(rows.map { row in
                        .object([
                            ("position", .int(row.position)),
                            ("occurredOn", .string(row.occurredOn)),
                            ("recordedAt", .string(row.recordedAt)),
                            ("login", .optional(row.login)),
                            ("actor", .string(row.actor)),
                            ("output", .string(row.output)),
                            ("recipient", .string(row.recipient)),
                            ("purpose", .string(row.purpose)),
                            ("scope", .string(row.scope)),
                            ("students", .array(row.students.map { .string($0) })),
                        ])
                    }))]).print()
                case .csv:
                    printCSV(
                        ["position", "occurred_on", "recorded_at", "login", "actor", "output", "recipient", "purpose", "scope", "students"],
                        rows.map { [String($0.position), $0.occurredOn, $0.recordedAt, $0.login ?? "", $0.actor, $0.output, $0.recipient, $0.purpose, $0.scope, $0.students.joined(separator: " ")] }
                    )
                case .text:
                    guard !rows.isEmpty else { return print("No disclosures.") }
                    print(textTable(
                        ["POSITION", "DATE", "LOGIN", "OUTPUT", "RECIPIENT", "STUDENTS", "PURPOSE", "SCOPE"],
                        rows.map { row in
                            let students = row.students.count <= 3 ? row.students.joined(separator: " ") : "\(row.students.count) students"
                            return [String(row.position), row.occurredOn, row.login ?? "-", row.output, row.recipient, students, row.purpose, row.scope]
                        }
                    ))
                }
            }
        }
    }
}
