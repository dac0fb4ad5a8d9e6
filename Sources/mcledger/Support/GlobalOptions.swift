import ArgumentParser
import Foundation
import Postgres

/// How to reach the ledger: `--database`, `$DATABASE_URL`, or libpq's defaults.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("database"),
        help: ArgumentHelp(
            "PostgreSQL connection URI or conninfo (default: $DATABASE_URL, else libpq's PGHOST, PGPORT, …).",
            valueName: "uri"
        )
    )
    var database: String?

    var configuration: ConnectionConfiguration {
        if let database, !database.isEmpty { return ConnectionConfiguration(uri: database) }
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return ConnectionConfiguration(uri: url)
        }
        return ConnectionConfiguration()
    }

    /// Opens the connection, runs `body`, and closes it; failures become exit codes.
    func withLedger<T>(_ body: (Connection) throws -> T) throws -> T {
        try withConnection(configuration, body)
    }
}

/// Text for people, JSON for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Text, JSON, or CSV (RFC 4180) for queries.
enum QueryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
