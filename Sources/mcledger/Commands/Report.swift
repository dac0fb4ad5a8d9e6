import ArgumentParser

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the scheduled reports (CSV, JSON, HTML) with a digest of the ledger, and check one.",
        discussion: """
            Example:
              mcledger report nightly --out /var/lib/mcledger/reports
              mcledger report verify /var/lib/mcledger/reports/2027-06-30 --key mcledger.example-school.pub
            """,
        subcommands: [Nightly.self, Verify.self]
    )
}
