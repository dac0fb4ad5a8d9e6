import ArgumentParser

struct StaffCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Assign and relieve communities' staff liaisons.",
        subcommands: [Assign.self, Unassign.self]
    )
}
