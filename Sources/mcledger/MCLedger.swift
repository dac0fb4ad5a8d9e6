import ArgumentParser

@main
struct MCLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcledger",
        abstract: "An event-sourced, tamper-evident ledger for a Mentoring Communities program.",
        discussion: """
            Every action is an immutable event in PostgreSQL; nothing is ever updated or \
            deleted, and each event is chained to the one before by SHA-256.

            Connection: --database URI, else $DATABASE_URL, else libpq's own defaults \
            (PGHOST, PGPORT, PGUSER, PGDATABASE, …).

            Exit status: 0 done; 1 verification failed; 64 usage error; 65 refused (bad \
            data or a program rule; nothing written); 69 database unavailable; 75 \
            concurrency conflict that retries did not resolve; 78 schema missing (run `mcledger db migrate`).

            Start with:
              mcledger db migrate
              mcledger db status
            """,
        version: "0.1.0",
        subcommands: [Database.self, Events.self, Verify.self]
    )
}
