import ArgumentParser
import Mentoring

extension StipendCommands {
    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pay",
            abstract: "Record the approved stipend as paid.",
            discussion: """
                Appends StipendPaid to the community's stream. The payer is a third person \
                on their own login, neither the requester nor the approver, and not the payee \
                (STP-04). Two clerks \
                recording the same payment at once cannot both succeed.

                Example, on the payer's own login (e.g. PGUSER=payments-clerk):
                  mcledger stipend pay --community c-latinx --year 2026-27 --reference "AP-2027-0412"
                """
        )

        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("The academic year, e.g. 2026-27.", valueName: "yyyy-yy")) var year: String
        @Option(help: ArgumentHelp("The payment's reference in the finance system.", valueName: "text")) var reference: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .payStipend(PayStipend(
                    community: try CommunityID(community, field: "--community"), year: try AcademicYear(year, field: "--year"), reference: try freeText(reference, field: "--reference")
                ))
            }
        }
    }
}
