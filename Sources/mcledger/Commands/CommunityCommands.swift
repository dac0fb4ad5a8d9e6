import ArgumentParser

struct CommunityCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "community",
        abstract: "Establish and retire mentoring communities.",
        subcommands: [Establish.self, Retire.self]
    )
}
