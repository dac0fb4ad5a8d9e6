import ArgumentParser
import Mentoring

extension StipendCommands {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Approve the requested stipend.",
            discussion: """
                Appends StipendApproved to the community's stream. The approver, on their own \
                database login, is neither the requester nor the payee (STP-04). The payee must have completed leadership \
                training (LDR-04) and the community held its gatherings (OBL-03), unless \
                --waiver gives the reason to approve anyway (STP-05).

                Example, on the approver's own login (e.g. PGUSER=assoc-director):
                  mcledger stipend approve --community c-latinx --year 2026-27
                """
        )

        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("The academic year, e.g. 2026-27.", valueName: "yyyy-yy")) var year: String
        @Option(help: ArgumentHelp("STP-05 waiver: why to approve although training or gatherings are missing.", valueName: "text"))
        var waiver: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .approveStipend(ApproveStipend(
                    community: try CommunityID(community, field: "--community"), year: try AcademicYear(year, field: "--year"), waiver: try freeText(waiver, field: "--waiver")
                ))
            }
        }
    }
}
