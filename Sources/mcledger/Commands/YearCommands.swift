import ArgumentParser

struct YearCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year",
        abstract: "Close academic years.",
        subcommands: [Close.self]
    )
}
