import ArgumentParser
import Mentoring

extension StudentCommands {
    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leave",
            abstract: "Record that a student left a community.",
            discussion: """
                Appends StudentLeft to the community's stream and StudentReleased to the \
                student's, so the student may then join another community.

                Example:
                  mcledger student leave s-2029-ana --community c-latinx --on 2027-01-10
                """
        )

        @Argument(help: ArgumentHelp("The student's id.", valueName: "student-id")) var student: String
        @Option(help: ArgumentHelp("The community they leave.", valueName: "id")) var community: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .leaveStudent(LeaveStudent(student: try PersonID(student, field: "student id"), community: try CommunityID(community, field: "--community")))
            }
        }
    }
}
