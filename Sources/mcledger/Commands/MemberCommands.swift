import ArgumentParser

struct MemberCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Assign and remove members of the local community.",
        subcommands: [Assign.self, Remove.self]
    )
}
