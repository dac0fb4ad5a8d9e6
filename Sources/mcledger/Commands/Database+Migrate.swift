import ArgumentParser
import EventStore
import Postgres
import Migrations

extension Database {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Create or upgrade the schema; safe to repeat.",
            discussion: """
                Applies the numbered migrations this binary carries (schema/*.sql) that the \
                database lacks, in order, each in its own transaction, and records them in \
                mcledger.schema_migrations. Running it again changes nothing. Run it as a \
                role that may create roles (it creates mcledger_owner, mcledger_writer, \
                mcledger_auditor and mcledger_reporter when they are missing).

                Example:
                  mcledger db migrate --database postgresql:///mcledger
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func run() throws {
            try reportingFailures {
                try connection.withLedger { db in
                    let migrator = Migrator.all
                    let applied = try migrator.migrate(db)
                    let status = try migrator.status(db)
                    switch format {
                    case .json:
                        JSONOutput.object([
                            ("applied", .array(applied.map { .object([("version", .int(Int64($0.version))), ("name", .string($0.name))]) })),
                            ("schemaVersion", .int(Int64(status.currentVersion))),
                        ]).print()
                    case .text:
                        if applied.isEmpty {
                            print("Schema is up to date (version \(status.currentVersion)); nothing to apply.")
                        } else {
                            for migration in applied {
                                print("applied \(String(format: "%03d", migration.version)) \(migration.name)")
                            }
                            print("Schema is now at version \(status.currentVersion).")
                        }
                    }
                }
            }
        }
    }
}
