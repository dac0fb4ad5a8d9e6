import ArgumentParser

struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create, upgrade and inspect the ledger's schema.",
        subcommands: [Migrate.self, Status.self, Grant.self, Revoke.self]
    )
}
