import ArgumentParser
import Mentoring

extension StipendCommands {
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request",
            abstract: "Request the year's stipend for a leader of the community.",
            discussion: """
                Appends StipendRequested to the community's stream. Refused when the community \
                already has a stipend for the year (STP-01), the amount is not the policy's \
                (STP-02), or the payee is not a leader of the community eligible that year \
                (STP-03). Amounts are dollars with at most two decimals.

                Example:
                  mcledger stipend request --community c-latinx --year 2026-27 --payee f-okafor --amount 2500 --actor coordinator
                """
        )

        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("The academic year, e.g. 2026-27.", valueName: "yyyy-yy")) var year: String
        @Option(help: ArgumentHelp("The leader to be paid.", valueName: "faculty-id")) var payee: String
        @Option(help: ArgumentHelp("Dollars, e.g. 2500 or 2500.00.", valueName: "dollars")) var amount: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .requestStipend(RequestStipend(
                    community: try CommunityID(community, field: "--community"), year: try AcademicYear(year, field: "--year"),
                    payee: try PersonID(payee, field: "--payee"), amount: try Cents(dollars: amount, field: "--amount")
                ))
            }
        }
    }
}
