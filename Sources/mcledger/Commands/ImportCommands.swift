import ArgumentParser

struct ImportCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import people or a roster from a CSV file: all rows or none.",
        subcommands: [People.self, Roster.self]
    )
}
