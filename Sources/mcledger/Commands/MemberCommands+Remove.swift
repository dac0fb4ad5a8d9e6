import ArgumentParser
import Mentoring

extension MemberCommands {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a member of the local community from a community.",
            discussion: """
                Appends CommunityMemberRemoved to the community's stream.

                Example:
                  mcledger member remove m-rivera --community c-latinx --on 2027-06-01
                """
        )

        @Argument(help: ArgumentHelp("The community member's person id.", valueName: "person-id")) var member: String
        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .removeMember(RemoveMember(member: try PersonID(member, field: "person id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
