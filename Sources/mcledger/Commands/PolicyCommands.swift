import ArgumentParser

struct PolicyCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show or set the program's own rule numbers and readings for an academic year.",
        subcommands: [Show.self, SetNumbers.self]
    )
}
