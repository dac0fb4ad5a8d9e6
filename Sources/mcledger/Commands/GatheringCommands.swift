import ArgumentParser

struct GatheringCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gathering",
        abstract: "Record whole-community gatherings.",
        subcommands: [Record.self]
    )
}
