import ArgumentParser

struct PersonCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Register people, change titles and names, erase details, print a student's record.",
        subcommands: [Register.self, Retitle.self, Rename.self, Erase.self, Purge.self, Record.self]
    )
}
