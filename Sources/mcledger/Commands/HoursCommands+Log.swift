import ArgumentParser
import Mentoring

extension HoursCommands {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Log a leader's time spent on the community outside gatherings and meetings.",
            discussion: """
                Appends HoursLogged to the community's stream; it counts toward the leader's \
                15–20 hours a year (OBL-01). One entry is more than 0 and at most 24 hours.

                Example:
                  mcledger hours log f-okafor --community c-latinx --hours 1.25 --activity "advising s-2029-ana"
                """
        )

        @Argument(help: ArgumentHelp("The leader's id.", valueName: "faculty-id")) var faculty: String
        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("How long, e.g. 1.25.", valueName: "h")) var hours: String
        @Option(help: ArgumentHelp("What the time was spent on.", valueName: "text")) var activity: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .logHours(LogHours(
                    leader: try PersonID(faculty, field: "faculty id"), community: try CommunityID(community, field: "--community"),
                    hours: try Hours(hours, field: "--hours"), activity: try freeText(activity, field: "--activity")
                ))
            }
        }
    }
}
