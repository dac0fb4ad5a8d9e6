import ArgumentParser

struct KeyCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Make the Ed25519 key that signs checkpoints.",
        subcommands: [Generate.self]
    )
}
