import ArgumentParser
import Mentoring

extension ResidentCommands {
    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "join",
            abstract: "Add a resident to a community.",
            discussion: """
                Appends ResidentJoined to the community's stream. COM-02 refuses a fifth resident.

                Example:
                  mcledger resident join r-chen --community c-latinx
                """
        )

        @Argument(help: ArgumentHelp("The resident's id.", valueName: "resident-id")) var resident: String
        @Option(help: ArgumentHelp("The community to join.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .joinResident(JoinResident(resident: try PersonID(resident, field: "resident id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
