import ArgumentParser
import Mentoring
import Projections

extension Audit {
    struct Stipends: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stipends",
            abstract: "List stipends with each step (requested, approved, paid, reversed) and their anomalies.",
            discussion: """
                Anomalies name their rule: STP-01 more than one stipend for a community and \
                year, STP-02 an amount other than the policy's, STP-03 a payee who was not a \
                leader of that community that year, STP-04 duties not separated, LDR-02 paid \
                while the payee held a barred title, STP-05 approved without training or \
                gatherings and without a waiver.

                Examples:
                  mcledger audit stipends
                  mcledger audit stipends --year 2025-26 --format csv
                """
        )

        @Option(help: ArgumentHelp("Only stipends of this academic year.", valueName: "yyyy-yy")) var year: String?
        @OptionGroup var options: QueryOptions

        func validate() throws { _ = try parsedYear(year) }

        func run() throws {
            try reportingQueryFailures {
                let year = try parsedYear(year)
                let rows = try options.connection.withReadModels { try AuditQuery.stipends(connection: $0, year: year) }
                switch options.format {
                case .json:
                    JSONOutput.object([("stipends", .array(rows.map(Self.json)))]).print()
                case .csv:
                    printCSV(
                        ["community", "year", "payee", "amount", "status", "requested_on", "requested_by", "approved_on", "approved_by", "waiver", "paid_on", "paid_by", "reference", "reversed_on", "reversed_by", "reversed_reason", "anomalies"],
                        rows.map { row in
                            [row.community.rawValue, row.year.description, row.payee.rawValue, row.amount.dollarsText, row.status.rawValue,
                             row.requested.on.description, row.requested.actor, row.approved?.on.description ?? "", row.approved?.actor ?? "",
                             row.waiver ?? "", row.paid?.on.description ?? "", row.paid?.actor ?? "", row.reference ?? "",
                             row.reversed?.on.description ?? "", row.reversed?.actor ?? "", row.reversedReason ?? "",
                             row.anomalies.map { "\($0.rule): \($0.message)" }.joined(separator: "; ")]
                        }
                    )
                case .text:
                    guard !rows.isEmpty else { return print("No stipends.") }
                    print(textTable(
                        ["COMMUNITY", "YEAR", "PAYEE", "AMOUNT", "STATUS", "REQUESTED", "APPROVED", "PAID", "REVERSED", "ANOMALIES"],
                        rows.map { row in
                            [row.community.rawValue, row.year.description, row.payee.rawValue, row.amount.dollarsText, row.status.rawValue,
                             Self.text(row.requested), Self.text(row.approved), Self.text(row.paid), Self.text(row.reversed),
                             row.anomalies.isEmpty ? "-" : row.anomalies.map { "\($0.rule): \($0.message)" }.joined(separator: "; ")]
                        }
                    ))
                }
            }
        }

        static func text(_ step: StipendRow.Step?) -> String {
            step.map { "\($0.on) \($0.actor) @\($0.position)" } ?? "-"
        }

        static func json(_ step: StipendRow.Step?) -> JSONOutput {
            guard let step else { return .null }
            return .object([("on", .string(step.on.description)), ("actor", .string(step.actor)), ("position", .int(step.position))])
        }

        static func json(_ row: StipendRow) -> JSONOutput {
            .object([
                ("community", .string(row.community.rawValue)),
                ("year", .string(row.year.description)),
                ("payee", .string(row.payee.rawValue)),
                ("amount", .string(row.amount.dollarsText)),
                ("status", .string(row.status.rawValue)),
                ("requested", json(row.requested)),
                ("approved", json(row.approved)),
                ("waiver", .optional(row.waiver)),
                ("paid", json(row.paid)),
                ("paidAmount", .optional(row.paidAmount?.dollarsText)),
                ("reference", .optional(row.reference)),
                ("reversed", json(row.reversed)),
                ("reversedReason", .optional(row.reversedReason)),
                ("anomalies", .array(row.anomalies.map { .object([("rule", .string($0.rule.rawValue)), ("message", .string($0.message))]) })),
            ])
        }
    }
}
