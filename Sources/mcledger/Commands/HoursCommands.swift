import ArgumentParser

struct HoursCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hours",
        abstract: "Log leaders' other time for their community.",
        subcommands: [Log.self]
    )
}
