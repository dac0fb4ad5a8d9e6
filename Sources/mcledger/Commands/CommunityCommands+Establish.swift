import ArgumentParser
import Mentoring

extension CommunityCommands {
    struct Establish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "establish",
            abstract: "Establish a community with its identity focus.",
            discussion: """
                Appends CommunityEstablished to the program stream. Ids are never reused. \
                PRG-02 refuses a community above its focus's maximum in the policy in force \
                (Latinx 1, African American 1, Asian 2, First-Generation 1, LGBTQ+ 1, \
                long-distance 2, general 15).

                focus: latinx | african-american | asian | first-generation | lgbtq | long-distance | general

                Example:
                  mcledger community establish c-latinx --name "Latinx" --focus latinx --on 2026-07-01
                """
        )

        @Argument(help: ArgumentHelp("The new community's id, e.g. c-latinx.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Its name, as people know it.", valueName: "text")) var name: String
        @Option(help: ArgumentHelp("Its identity focus (see above).", valueName: "focus")) var focus: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .establishCommunity(EstablishCommunity(
                    community: try CommunityID(id, field: "community id"), name: try DisplayName.validate(name, field: "--name"),
                    focus: try Focus(parsing: focus, field: "--focus")
                ))
            }
        }
    }
}
