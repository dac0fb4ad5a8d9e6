import ArgumentParser
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
        if let url = Environment.value("DATABASE_URL"), !url.isEmpty {
            return ConnectionConfiguration(uri: url)
        }
        return ConnectionConfiguration()
    }

    /// Opens the connection, runs `body`, and closes it; failures become exit codes.
    func withLedger<T>(_ body: (Connection) throws -> T) throws -> T {
        try withConnection(configuration) { connection in
            try SessionLimits.apply(to: connection)
            return try body(connection)
        }
    }
}

/// The time limits of every CLI session.
///
/// Without them one session holding a lock (a forgotten `BEGIN` in psql, or a login
/// holding the ledger's lock on purpose) hangs every append, catch-up and report for as
/// long as it likes. A limit already in force for the session (`PGOPTIONS="-c
/// lock_timeout=5s"`, `ALTER ROLE … SET statement_timeout`, postgresql.conf) is kept;
/// only the server's default, 0 (wait for ever), is replaced.
enum SessionLimits {
    /// Longest wait for a lock another session holds: appends queue behind one another for
    /// milliseconds, so half a minute means something is holding the ledger.
    static let lockTimeout = "30s"
    /// Longest single statement: far above the largest import's append (seconds).
    static let statementTimeout = "15min"

    static func apply(to connection: Connection) throws {
        try connection.execute("""
            SELECT CASE WHEN pg_catalog.current_setting('lock_timeout') = '0'
                        THEN pg_catalog.set_config('lock_timeout', $1, false) END,
                   CASE WHEN pg_catalog.current_setting('statement_timeout') = '0'
                        THEN pg_catalog.set_config('statement_timeout', $2, false) END
            """, [lockTimeout, statementTimeout])
    }

    /// The message for a lock or statement timeout, naming the setting that fired.
    static func message(_ error: PostgresError) -> String? {
        switch error.code {
        case .lockNotAvailable?:
            return "gave up waiting for a lock another session holds (lock_timeout, \(lockTimeout) unless set otherwise): \(error.message); nothing was written, try again, and if it persists look for a long-held lock in pg_stat_activity"
        case .queryCanceled? where error.message.contains("statement timeout"):
            return "a statement ran longer than statement_timeout (\(statementTimeout) unless set otherwise) and was cancelled: \(error.message); nothing was written"
        default:
            return nil
        }
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
