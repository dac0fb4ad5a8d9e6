import ArgumentParser

struct ResidentCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resident",
        abstract: "Add residents to communities and record them leaving.",
        subcommands: [Join.self, Leave.self]
    )
}
