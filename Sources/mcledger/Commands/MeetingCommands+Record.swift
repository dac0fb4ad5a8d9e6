import ArgumentParser
import Mentoring

extension MeetingCommands {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record a leader meeting students, individually or by class.",
            discussion: """
                Appends MeetingHeld to the community's stream. OBL-02 asks each leader to meet \
                the community's students at least once a year, and every student to be met; \
                the hours count toward the leader's OBL-01 hours.

                Example:
                  mcledger meeting record --community c-latinx --leader f-okafor --mode class \\
                      --student s-2029-ana --student s-2029-ben --hours 3
                """
        )

        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("The leader who met them.", valueName: "faculty-id")) var leader: String
        @Option(help: ArgumentHelp("individual or class.", valueName: "mode")) var mode: String
        @Option(help: ArgumentHelp("A student met; repeat for each.", valueName: "student-id")) var student: [String] = []
        @Option(help: ArgumentHelp("How long, e.g. 1.5.", valueName: "h")) var hours: String
        @OptionGroup var write: WriteOptions

        func validate() throws {
            if student.isEmpty { throw ValidationError("name at least one --student") }
        }

        func run() throws {
            try write.perform {
                .recordMeeting(RecordMeeting(
                    community: try CommunityID(community, field: "--community"),
                    leader: try PersonID(leader, field: "--leader"),
                    mode: try MeetingMode(parsing: mode, field: "--mode"),
                    students: try personIDs(student, field: "--student"),
                    hours: try Hours(hours, field: "--hours")
                ))
            }
        }
    }
}
