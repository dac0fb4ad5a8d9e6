import ArgumentParser
import Mentoring

extension CommunityCommands {
    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire",
            abstract: "Retire a community from a date on.",
            discussion: """
                Appends CommunityRetired to the program stream. From --on the community takes \
                no new members; its members may still leave, and its history stays.

                Example:
                  mcledger community retire c-gen-9 --reason "merged into c-gen-3" --on 2027-01-15
                """
        )

        @Argument(help: ArgumentHelp("The community's id.", valueName: "id")) var id: String
        @OptionGroup var write: WriteOptions

        func validate() throws {
            try write.requireReason(for: "retiring a community")
        }

        func run() throws {
            try write.perform {
                .retireCommunity(RetireCommunity(community: try CommunityID(id, field: "community id")))
            }
        }
    }
}
