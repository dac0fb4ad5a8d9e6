import ArgumentParser

struct LeaderCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leader",
        abstract: "Appoint faculty leaders and record them stepping down.",
        subcommands: [Appoint.self, StepDown.self]
    )
}
