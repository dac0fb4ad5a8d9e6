import ArgumentParser
import Mentoring

extension GatheringCommands {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record a gathering of the whole community, facilitated by a leader.",
            discussion: """
                Appends GatheringHeld to the community's stream. OBL-03 asks for at least two \
                a year; the hours count toward the facilitator's OBL-01 hours.

                kind: journal-club | book-club | film-or-article | lecture | patient-care | professionalism | social | other

                Example:
                  mcledger gathering record --community c-latinx --kind book-club --hours 2 \\
                      --facilitator f-okafor --attendee s-2029-ana --attendee r-chen --title "Fall book club"
                """
        )

        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("What kind of gathering (see above).", valueName: "kind")) var kind: String
        @Option(help: ArgumentHelp("How long it lasted, e.g. 2.5.", valueName: "h")) var hours: String
        @Option(help: ArgumentHelp("The leader who facilitated it.", valueName: "faculty-id")) var facilitator: String
        @Option(help: ArgumentHelp("A person who attended; repeat for each.", valueName: "person-id")) var attendee: [String] = []
        @Option(help: ArgumentHelp("A title, e.g. the book's.", valueName: "text")) var title: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .recordGathering(RecordGathering(
                    community: try CommunityID(community, field: "--community"),
                    kind: try GatheringKind(parsing: kind, field: "--kind"),
                    hours: try Hours(hours, field: "--hours"),
                    facilitator: try PersonID(facilitator, field: "--facilitator"),
                    attendees: try personIDs(attendee, field: "--attendee"),
                    title: try freeText(title, field: "--title")
                ))
            }
        }
    }
}
