import ArgumentParser

struct MeetingCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "Record leaders' meetings with students.",
        subcommands: [Record.self]
    )
}
