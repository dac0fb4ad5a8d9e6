import ArgumentParser

struct TrainingCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Record leaders' leadership training.",
        subcommands: [Complete.self]
    )
}
