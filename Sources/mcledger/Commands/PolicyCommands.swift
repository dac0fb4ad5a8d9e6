import ArgumentParser

struct PolicyCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Set the program's own rule numbers for an academic year.",
        subcommands: [SetNumbers.self]
    )
}
