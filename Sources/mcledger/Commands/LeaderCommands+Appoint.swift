import ArgumentParser
import Mentoring

extension LeaderCommands {
    struct Appoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "appoint",
            abstract: "Appoint a faculty member to lead a community.",
            discussion: """
                Appends LeaderAppointed to the community's stream. Refused when the community \
                has 3 leaders (COM-01), the person is not faculty (LDR-01), holds a barred title \
                (LDR-02), or completed residency fewer than 5 years ago without --exception \
                (LDR-03; the justification is listed for auditors).

                Examples:
                  mcledger leader appoint f-okafor --community c-latinx
                  mcledger leader appoint f-lee --community c-gen-1 --exception "chief resident 2019-21; mentoring award"
                """
        )

        @Argument(help: ArgumentHelp("The faculty member's id.", valueName: "faculty-id")) var faculty: String
        @Option(help: ArgumentHelp("The community to lead.", valueName: "id")) var community: String
        @Option(help: ArgumentHelp("LDR-03 exception: the written justification for fewer than 5 years after residency.", valueName: "text"))
        var exception: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .appointLeader(AppointLeader(
                    leader: try PersonID(faculty, field: "faculty id"), community: try CommunityID(community, field: "--community"),
                    exception: try freeText(exception, field: "--exception")
                ))
            }
        }
    }
}
