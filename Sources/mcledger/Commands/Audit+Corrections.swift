import ArgumentParser
import Mentoring
import Projections

extension Audit {
    struct Corrections: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "corrections",
            abstract: "List corrections: which event each one voids, when, by whom and why.",
            discussion: """
                With --year: corrections dated in that academic year or voiding an event \
                dated in it.

                Examples:
                  mcledger audit corrections
                  mcledger audit corrections --year 2025-26 --format csv
                """
        )

        @Option(help: ArgumentHelp("Only those of this academic year.", valueName: "yyyy-yy")) var year: String?
        @OptionGroup var options: QueryOptions

        func validate() throws { _ = try parsedYear(year) }

        func run() throws {
            try reportingQueryFailures {
                let year = try parsedYear(year)
                let rows = try options.connection.withReadModels { try AuditQuery.corrections(connection: $0, year: year) }
                switch options.format {
                case .json:
                    JSONOutput.object([("corrections", .array(rows.map { row in
                        .object([
                            ("position", .int(row.position)),
                            ("stream", .string(row.stream)),
                            ("occurredOn", .string(row.occurredOn.description)),
                            ("actor", .string(row.actor)),
                            ("reason", .string(row.reason)),
                            ("voidsEventId", .string(row.voidsEventID)),
                            ("voidedType", .string(row.voidedType)),
                            ("voidedPosition", .optional(row.voidedPosition)),
                            ("voidedOccurredOn", .optional(row.voidedOccurredOn?.description)),
                            ("postCloseAdjustment", .bool(row.isPostCloseAdjustment)),
                        ])
                    }))]).print()
                case .csv:
                    printCSV(
                        ["position", "stream", "occurred_on", "actor", "reason", "voided_position", "voided_type", "voided_occurred_on", "post_close"],
                        rows.map { [String($0.position), $0.stream, $0.occurredOn.description, $0.actor, $0.reason, $0.voidedPosition.map(String.init) ?? "", $0.voidedType, $0.voidedOccurredOn?.description ?? "", $0.isPostCloseAdjustment ? "true" : "false"] }
                    )
                case .text:
                    guard !rows.isEmpty else { return print("No corrections.") }
                    print(textTable(
                        ["POSITION", "OCCURRED", "STREAM", "VOIDS", "ACTOR", "REASON"],
                        rows.map { row in
                            let voids = "\(row.voidedType) @\(row.voidedPosition.map(String.init) ?? "?")" + (row.isPostCloseAdjustment ? " (post-close)" : "")
                            return [String(row.position), row.occurredOn.description, row.stream, voids, row.actor, row.reason]
                        }
                    ))
                }
            }
        }
    }

    struct Adjustments: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adjustments",
            abstract: "List post-close adjustments: writes dated in an academic year already closed.",
            discussion: """
                Examples:
                  mcledger audit adjustments
                  mcledger audit adjustments --year 2025-26 --format json
                """
        )

        @Option(help: ArgumentHelp("Only those dated in this academic year.", valueName: "yyyy-yy")) var year: String?
        @OptionGroup var options: QueryOptions

        func validate() throws { _ = try parsedYear(year) }

        func run() throws {
            try reportingQueryFailures {
                let year = try parsedYear(year)
                let rows = try options.connection.withReadModels { try AuditQuery.adjustments(connection: $0, year: year) }
                switch options.format {
                case .json:
                    JSONOutput.object([("adjustments", .array(rows.map { row in
                        .object([
                            ("position", .int(row.position)),
                            ("stream", .string(row.stream)),
                            ("type", .string(row.type)),
                            ("occurredOn", .string(row.occurredOn.description)),
                            ("actor", .string(row.actor)),
                            ("reason", .optional(row.reason)),
                        ])
                    }))]).print()
                case .csv:
                    printCSV(
                        ["position", "stream", "type", "occurred_on", "actor", "reason"],
                        rows.map { [String($0.position), $0.stream, $0.type, $0.occurredOn.description, $0.actor, $0.reason ?? ""] }
                    )
                case .text:
                    guard !rows.isEmpty else { return print("No post-close adjustments.") }
                    print(textTable(
                        ["POSITION", "OCCURRED", "STREAM", "TYPE", "ACTOR", "REASON"],
                        rows.map { [String($0.position), $0.occurredOn.description, $0.stream, $0.type, $0.actor, $0.reason ?? ""] }
                    ))
                }
            }
        }
    }
}
