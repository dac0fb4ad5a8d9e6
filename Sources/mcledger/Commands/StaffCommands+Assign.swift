import ArgumentParser
import Mentoring

extension StaffCommands {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Assign a community's staff liaison.",
            discussion: """
                Appends StaffLiaisonAssigned to the community's stream. COM-04 allows exactly \
                one liaison: to replace one, `staff unassign` the current liaison first.

                Example:
                  mcledger staff assign st-brown --community c-latinx
                """
        )

        @Argument(help: ArgumentHelp("The staff member's id.", valueName: "staff-id")) var staff: String
        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .assignStaff(AssignStaff(staff: try PersonID(staff, field: "staff id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
