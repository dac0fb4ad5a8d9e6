import ArgumentParser
import Mentoring
import Projections

extension Audit {
    struct Trail: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every event that touches a person or community, with actor, login, reason, dates and position.",
            discussion: """
                An event touches an id when it is in that id's stream or names it in its \
                payload (a student joining a community touches both). Voided events are \
                listed with the position of the correction that voided them.

                Examples:
                  mcledger audit trail c-latinx
                  mcledger audit trail f-okafor --format json
                """
        )

        @Argument(help: ArgumentHelp("A person or community id.", valueName: "id")) var id: String
        @OptionGroup var options: QueryOptions

        func validate() throws {
            do { _ = try PersonID(id, field: "id") } catch { throw ValidationError(error.description) }
        }

        func run() throws {
            try reportingQueryFailures {
                let entries = try options.connection.withLedger { try AuditQuery.trail(connection: $0, subject: id) }
                switch options.format {
                case .json:
                    JSONOutput.object([
                        ("subject", .string(id)),
                        ("events", .array(entries.map { entry in
                            .object([
                                ("position", .int(entry.position)),
                                ("occurredOn", .string(entry.occurredOn.description)),
                                ("recordedAt", .string(entry.recordedAt)),
                                ("stream", .string(entry.stream)),
                                ("type", .string(entry.type)),
                                ("eventId", .string(entry.eventID)),
                                ("actor", .string(entry.actor)),
                                ("login", .optional(entry.login)),
                                ("reason", .optional(entry.reason)),
                                ("postCloseAdjustment", .bool(entry.isPostCloseAdjustment)),
                                ("voidedBy", .optional(entry.voidedBy)),
                                ("data", .raw(entry.data)),
                                ("texts", entry.texts.map(JSONOutput.raw) ?? .null),
                            ])
                        })),
                    ]).print()
                case .csv:
                    printCSV(
                        ["position", "occurred_on", "recorded_at", "stream", "type", "actor", "reason", "post_close", "voided_by", "event_id", "data", "login"],
                        entries.map { [String($0.position), $0.occurredOn.description, $0.recordedAt, $0.stream, $0.type, $0.actor, $0.reason ?? "", $0.isPostCloseAdjustment ? "true" : "false", $0.voidedBy.map(String.init) ?? "", $0.eventID, $0.data, $0.login ?? ""] }
                    )
                case .text:
                    print(textTable(
                        ["POSITION", "OCCURRED", "RECORDED", "STREAM", "TYPE", "ACTOR", "LOGIN", "NOTE"],
                        entries.map { entry in
                            var notes: [String] = []
                            if let voided = entry.voidedBy { notes.append("voided by \(voided)") }
                            if entry.isPostCloseAdjustment { notes.append("post-close") }
                            if let reason = entry.reason { notes.append("reason: \(reason)") }
                            return [String(entry.position), entry.occurredOn.description, entry.recordedAt, entry.stream, entry.type, entry.actor, entry.login ?? "-", notes.joined(separator: "; ")]
                        }
                    ))
                }
            }
        }
    }
}
