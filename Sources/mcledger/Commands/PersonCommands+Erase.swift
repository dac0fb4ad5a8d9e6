import ArgumentParser
import Mentoring

extension PersonCommands {
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase",
            abstract: "Erase a person's details from the directory; their facts stay by id.",
            discussion: """
                Empties the person's directory entry (the name) and appends \
                PersonDetailsErased, which holds no personal data, in one transaction. \
                Rosters, audits, reports and a full projection rebuild then show the person \
                as [erased]; `verify` still passes at every position, since no event changes. \
                An erasure cannot be undone, and refused while the person still belongs to a \
                community in any role (end that membership first; a student's ends at \
                graduation). --reason is required.

                Copies outside the database (backups, WAL archives, replicas, report folders \
                already written) keep the old name until they age out; see the README's \
                privacy section.

                Example:
                  mcledger person erase s-2020-ana --reason "retention: graduated 2020"
                """
        )

        @Argument(help: ArgumentHelp("The person's id.", valueName: "id")) var id: String
        @OptionGroup var write: WriteOptions

        func validate() throws {
            try write.requireReason(for: "erasing a person's details")
        }

        func run() throws {
            try write.perform {
                .erasePerson(ErasePerson(person: try PersonID(id, field: "person id")))
            }
        }
    }
}
