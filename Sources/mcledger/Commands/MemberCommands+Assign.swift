import ArgumentParser
import Mentoring

extension MemberCommands {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Assign a member of the local community, with DEI and Student Affairs approval.",
            discussion: """
                Appends CommunityMemberAssigned to the community's stream with both approval \
                references (COM-05: at most one such member per community, and only with both \
                approvals recorded). The approvals are references to the offices' decisions \
                (a memo or ticket number), not people's names.

                Example:
                  mcledger member assign m-rivera --community c-latinx --dei-approval DEI-2026-014 --sa-approval SA-2026-102
                """
        )

        @Argument(help: ArgumentHelp("The community member's person id.", valueName: "person-id")) var member: String
        @Option(help: ArgumentHelp("The community.", valueName: "id")) var community: String
        @Option(name: .customLong("dei-approval"), help: ArgumentHelp("Reference of the DEI office's approval.", valueName: "ref"))
        var deiApproval: String
        @Option(name: .customLong("sa-approval"), help: ArgumentHelp("Reference of Student Affairs' approval.", valueName: "ref"))
        var saApproval: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .assignMember(AssignMember(
                    member: try PersonID(member, field: "person id"), community: try CommunityID(community, field: "--community"),
                    deiApproval: try freeText(deiApproval, field: "--dei-approval"), saApproval: try freeText(saApproval, field: "--sa-approval")
                ))
            }
        }
    }
}
