import ArgumentParser
import Mentoring

extension PersonCommands {
    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename",
            abstract: "Change a person's name in the directory, leaving a trace in the log.",
            discussion: """
                Writes the new name to the people directory and appends PersonDetailsChanged \
                (which fields changed, never the name itself) to the person's stream, in one \
                transaction; the database refuses a directory change without that event. \
                `audit trail <id>` then shows who changed the person's details and when.

                Example:
                  mcledger person rename s-2029-ana --name "Ana Ruiz-Ortega" --reason "name change on file"
                """
        )

        @Argument(help: ArgumentHelp("The person's id.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("The new name (kept in the directory, not in events).", valueName: "text")) var name: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .renamePerson(RenamePerson(person: try PersonID(id, field: "person id"), name: try DisplayName.validate(name, field: "--name")))
            }
        }
    }
}
