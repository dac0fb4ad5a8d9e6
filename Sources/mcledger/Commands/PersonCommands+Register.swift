import ArgumentParser
import Mentoring

extension PersonCommands {
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Register a person with their role.",
            discussion: """
                Appends PersonRegistered to the person's stream and writes the name to the \
                people directory in the same transaction; the name never enters the log, so \
                it can be erased later while the chain still verifies.

                role: faculty | resident | student | staff | community-member
                title (faculty): none | associate-dean | senior-dean | clerkship-director

                Examples:
                  mcledger person register f-okafor --name "Dr. Ada Okafor" --role faculty --residency-completed 2014
                  mcledger person register s-2029-ana --name "Ana Ruiz" --role student --class-of 2029
                """
        )

        @Argument(help: ArgumentHelp("The person's id, e.g. f-okafor or s-2029-ana.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Their name (kept in the directory, not in events).", valueName: "text")) var name: String
        @Option(help: ArgumentHelp("Their role in the program (see above).", valueName: "role")) var role: String
        @Option(name: .customLong("class-of"), help: ArgumentHelp("A student's graduating class.", valueName: "year")) var classOf: String?
        @Option(
            name: .customLong("residency-completed"),
            help: ArgumentHelp("The year a faculty member completed residency (LDR-03).", valueName: "year")
        ) var residencyCompleted: String?
        @Option(help: ArgumentHelp("A faculty member's title (LDR-02; default: none).", valueName: "title")) var title: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .registerPerson(RegisterPerson(
                    person: try PersonID(id, field: "person id"), name: try DisplayName.validate(name, field: "--name"),
                    role: try Role(parsing: role, field: "--role"),
                    classOf: try classOf.map { try calendarYear($0, field: "--class-of") },
                    residencyCompleted: try residencyCompleted.map { try calendarYear($0, field: "--residency-completed") },
                    title: try title.map { try FacultyTitle(parsing: $0, field: "--title") }
                ))
            }
        }
    }
}
