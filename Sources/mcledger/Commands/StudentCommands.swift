import ArgumentParser

struct StudentCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student",
        abstract: "Add medical students to communities and record them leaving.",
        subcommands: [Join.self, Leave.self]
    )
}
