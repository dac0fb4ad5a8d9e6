import ArgumentParser
import Mentoring

extension StudentCommands {
    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "join",
            abstract: "Add a medical student to a community.",
            discussion: """
                Appends StudentJoined to the community's stream and StudentPlaced to the \
                student's, in one transaction. COM-03 refuses a 19th student; COM-06 refuses a \
                student who belongs to another community (leave it first). Two administrators \
                racing for the last seat cannot both win: the second re-reads and is refused.

                Example:
                  mcledger student join s-2029-ana --community c-latinx --on 2026-08-15
                """
        )

        @Argument(help: ArgumentHelp("The student's id.", valueName: "student-id")) var student: String
        @Option(help: ArgumentHelp("The community to join.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .joinStudent(JoinStudent(student: try PersonID(student, field: "student id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
