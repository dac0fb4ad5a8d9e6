import ArgumentParser

struct PersonCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Register people and change faculty titles.",
        subcommands: [Register.self, Retitle.self, Rename.self]
    )
}
