import ArgumentParser
import Mentoring

extension StaffCommands {
    struct Unassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unassign",
            abstract: "Relieve a community's staff liaison, so another can be assigned.",
            discussion: """
                Appends StaffLiaisonUnassigned to the community's stream. Without it COM-04 (exactly one liaison) would forbid ever \
                replacing one. A community without a liaison is a compliance finding.

                Example:
                  mcledger staff unassign st-brown --community c-latinx --on 2027-03-01
                """
        )

        @Argument(help: ArgumentHelp("The liaison's id.", valueName: "staff-id")) var staff: String
        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .unassignStaff(UnassignStaff(staff: try PersonID(staff, field: "staff id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
