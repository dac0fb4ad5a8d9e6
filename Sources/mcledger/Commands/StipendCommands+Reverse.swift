import ArgumentParser
import Mentoring

extension StipendCommands {
    struct Reverse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reverse",
            abstract: "Cancel the year's stipend, or record that it was paid back.",
            discussion: """
                Appends StipendReversed to the community's stream; a new request may follow.

                Example:
                  mcledger stipend reverse --community c-latinx --year 2026-27 --reason "paid to the wrong leader"
                """
        )

        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("The academic year, e.g. 2026-27.", valueName: "yyyy-yy")) var year: String
        @OptionGroup var write: WriteOptions

        func validate() throws {
            try write.requireReason(for: "reversing a stipend")
        }

        func run() throws {
            try write.perform {
                .reverseStipend(ReverseStipend(community: try CommunityID(community, field: "--community"), year: try AcademicYear(year, field: "--year")))
            }
        }
    }
}
