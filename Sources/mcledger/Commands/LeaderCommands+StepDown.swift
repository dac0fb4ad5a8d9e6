import ArgumentParser
import Mentoring

extension LeaderCommands {
    struct StepDown: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "step-down",
            abstract: "Record that a leader stepped down.",
            discussion: """
                Appends LeaderSteppedDown to the community's stream; the leader's tenure ends \
                on --on, and the duties of the year are counted up to that day.

                Example:
                  mcledger leader step-down f-okafor --community c-latinx --on 2027-05-31
                """
        )

        @Argument(help: ArgumentHelp("The leader's id.", valueName: "faculty-id")) var faculty: String
        @Option(help: ArgumentHelp("The community they lead.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .stepDownLeader(StepDownLeader(leader: try PersonID(faculty, field: "faculty id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
