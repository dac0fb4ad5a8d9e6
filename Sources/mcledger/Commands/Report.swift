import ArgumentParser

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the scheduled reports (CSV, JSON, HTML) with a digest of the ledger.",
        discussion: """
            Example:
              mcledger report nightly --out /var/lib/mcledger/reports
            """,
        subcommands: [Nightly.self]
    )
}
