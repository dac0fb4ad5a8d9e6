import ArgumentParser
import Mentoring

extension PersonCommands {
    struct Retitle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retitle",
            abstract: "Change a faculty member's title.",
            discussion: """
                Appends PersonRetitled. A leader who gains a barred title mid-year (associate \
                or senior dean, clerkship director) stays appointed, but compliance reports \
                LDR-02 and the stipend is held.

                title: none | associate-dean | senior-dean | clerkship-director

                Example:
                  mcledger person retitle f-okafor --title clerkship-director --on 2027-02-01
                """
        )

        @Argument(help: ArgumentHelp("The faculty member's id.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("The new title (see above).", valueName: "title")) var title: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .retitlePerson(RetitlePerson(person: try PersonID(id, field: "person id"), title: try FacultyTitle(parsing: title, field: "--title")))
            }
        }
    }
}
