import ArgumentParser
import EventStore
import Postgres
import Migrations

extension Database {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the schema version, event count, and head position and hash.",
            discussion: """
                The head hash is the digest of the whole ledger so far: keep it outside the \
                database (with the position) to detect a later rewrite or truncation.

                Example:
                  mcledger db status --format json
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func run() throws {
            try reportingFailures {
                try connection.withLedger { db in
                    let status = try Migrator.all.status(db)
                    guard status.currentVersion > 0 else {
                        throw EventStoreError(code: .schemaMissing, message: "the database has no ledger schema yet; run `mcledger db migrate`")
                    }
                    // One snapshot, so the count and the head describe the same moment.
                    let (head, count) = try db.withTransaction(isolation: "REPEATABLE READ", readOnly: true) { db in
                        let store = EventStore(connection: db)
                        return (try store.head(), try store.eventCount())
                    }
                    switch format {
                    case .json:
                        JSONOutput.object([
                            ("schemaVersion", .int(Int64(status.currentVersion))),
                            ("pendingMigrations", .array(status.pending.map { .int(Int64($0.version)) })),
                            ("eventCount", .int(count)),
                            ("head", .object([("position", .int(head.position)), ("hash", .string(Hex.encode(head.hash)))])),
                        ]).print()
                    case .text:
                        let pending = status.pending.isEmpty
                            ? "none" : status.pending.map { String($0.version) }.joined(separator: ", ") + " (run `mcledger db migrate`)"
                        print(textTable(["", ""], [
                            ["schema version", String(status.currentVersion)],
                            ["pending migrations", pending],
                            ["events", String(count)],
                            ["head position", String(head.position)],
                            ["head hash", Hex.encode(head.hash)],
                        ]).split(separator: "\n").dropFirst().joined(separator: "\n"))
                    }
                }
            }
        }
    }
}
