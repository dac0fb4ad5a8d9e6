import ArgumentParser
import Mentoring
import Projections

extension Audit {
    struct Exceptions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exceptions",
            abstract: "List leader exceptions (LDR-03) and stipend waivers (STP-05) with their justifications.",
            discussion: """
                With --year: leaders whose leadership overlaps that year, and waivers of that \
                year's stipends.

                Examples:
                  mcledger audit exceptions
                  mcledger audit exceptions --year 2025-26 --format json
                """
        )

        @Option(help: ArgumentHelp("Only those of this academic year.", valueName: "yyyy-yy")) var year: String?
        @OptionGroup var options: QueryOptions

        func validate() throws { _ = try parsedYear(year) }

        func run() throws {
            try reportingQueryFailures {
                let year = try parsedYear(year)
                let rows = try options.connection.withReadModels { try AuditQuery.exceptions(connection: $0, year: year) }
                switch options.format {
                case .json:
                    JSONOutput.object([("exceptions", .array(rows.map { row in
                        .object([
                            ("kind", .string(row.kind.rawValue)),
                            ("community", .string(row.community.rawValue)),
                            ("person", .string(row.person.rawValue)),
                            ("year", .optional(row.year?.description)),
                            ("since", .string(row.since.description)),
                            ("until", .optional(row.until?.description)),
                            ("justification", .string(row.justification)),
                            ("position", .int(row.position)),
                            ("actor", .string(row.actor)),
                        ])
                    }))]).print()
                case .csv:
                    printCSV(
                        ["kind", "community", "person", "year", "since", "until", "justification", "position", "actor"],
                        rows.map { [$0.kind.rawValue, $0.community.rawValue, $0.person.rawValue, $0.year?.description ?? "", $0.since.description, $0.until?.description ?? "", $0.justification, String($0.position), $0.actor] }
                    )
                case .text:
                    guard !rows.isEmpty else { return print("No exceptions.") }
                    print(textTable(
                        ["KIND", "COMMUNITY", "PERSON", "WHEN", "POSITION", "ACTOR", "JUSTIFICATION"],
                        rows.map { row in
                            let when = row.year.map { "stipend \($0)" } ?? "\(row.since) to \(row.until?.description ?? "now")"
                            return [row.kind.rawValue, row.community.rawValue, row.person.rawValue, when, String(row.position), row.actor, row.justification]
                        }
                    ))
                }
            }
        }
    }
}
