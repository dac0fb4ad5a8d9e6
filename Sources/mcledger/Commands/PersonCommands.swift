import ArgumentParser

struct PersonCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Register people, change faculty titles and names, and print a student's own record.",
        subcommands: [Register.self, Retitle.self, Rename.self, Record.self]
    )
}
