import ArgumentParser
import Mentoring

extension ResidentCommands {
    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leave",
            abstract: "Record that a resident left a community.",
            discussion: """
                Appends ResidentLeft to the community's stream.

                Example:
                  mcledger resident leave r-chen --community c-latinx --on 2027-06-30
                """
        )

        @Argument(help: ArgumentHelp("The resident's id.", valueName: "resident-id")) var resident: String
        @Option(help: ArgumentHelp("The community they leave.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .leaveResident(LeaveResident(resident: try PersonID(resident, field: "resident id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
