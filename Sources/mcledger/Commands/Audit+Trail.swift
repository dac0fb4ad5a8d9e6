import ArgumentParser
import Ledger
import Mentoring
import Projections

extension Audit {
    struct Trail: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trail",
            abstract: "List every event that touches a person or community, with actor, login, reason, dates and position.",
            discussion: """
                An event touches an id when it is in that id's stream or names it in its \
                payload (a student joining a community touches both). Voided events are \
                listed with the position of the correction that voided them.

                A trail that names students (a student's own, a community's joins, a \
                gathering's attendees) discloses their education records (FERPA): before \
                anything is printed, a RecordsDisclosed event naming those students is \
                appended in the transaction that read the trail (recipient: this login, or \
                --recipient; purpose: --purpose, or the policy's disclosure basis). If it \
                cannot be recorded, nothing is printed (exit 77). Disclosures themselves \
                are listed by `mcledger audit disclosures`, not in trails.

                Examples:
                  mcledger audit trail c-latinx
                  mcledger audit trail f-okafor --format json
                """
        )

        @Argument(help: ArgumentHelp("A person or community id.", valueName: "id")) var id: String
        @OptionGroup var options: QueryOptions
        @OptionGroup var disclosure: DisclosureOptions

        func validate() throws {
            do { _ = try PersonID(id, field: "id") } catch { throw ValidationError(error.description) }
        }

        func run() throws {
            try reportingQueryFailures {
                // Read and record the disclosure in one transaction; print only after it commits.
                let entries = try options.connection.withReadModels { db in
                    try db.withTransaction { tx in
                        let entries = try AuditQuery.trail(connection: tx, subject: id)
                        var named = [id]
                        for entry in entries { named += DisclosureLog.identifiers(inJSON: entry.data) }
                        let students = try DisclosureLog(connection: tx).registeredStudents(among: named)
                        try disclosure.record(tx, output: .trail, scope: "audit trail \(id)", students: students)
                        return entries
                    }
                }
                switch options.format {
                case .json:
                    JSONOutput.object([
                        ("subject", .string(id)),
                        ("events", .array(entries.map(\.json))),
                    ]).print()
                case .csv:
                    printCSV(
                        ["position", "occurred_on", "recorded_at", "stream", "type", "actor", "reason", "post_close", "voided_by", "event_id", "data", "login", "texts"],
                        entries.map { [String($0.position), $0.occurredOn.description, $0.recordedAt, $0.stream, $0.type, $0.actor, $0.reason ?? "", $0.isPostCloseAdjustment ? "true" : "false", $0.voidedBy.map(String.init) ?? "", $0.eventID, $0.data, $0.login ?? "", $0.texts ?? ""] }
                    )
                case .text:
                    print(textTable(
                        ["POSITION", "OCCURRED", "RECORDED", "STREAM", "TYPE", "ACTOR", "LOGIN", "NOTE"],
                        entries.map { entry in
                            var notes: [String] = []
                            if let voided = entry.voidedBy { notes.append("voided by \(voided)") }
                            if entry.isPostCloseAdjustment { notes.append("post-close") }
                            if let reason = entry.reason { notes.append("reason: \(reason)") }
                            notes += entry.textNotes
                            return [String(entry.position), entry.occurredOn.description, entry.recordedAt, entry.stream, entry.type, entry.actor, entry.login ?? "-", notes.joined(separator: "; ")]
                        }
                    ))
                }
            }
        }
    }
}
