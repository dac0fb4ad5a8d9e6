import ArgumentParser

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit projection: stipends, exceptions, corrections, adjustments and trails; and the record of disclosures.",
        discussion: """
            Examples:
              mcledger audit stipends --year 2025-26
              mcledger audit exceptions
              mcledger audit trail f-okafor
              mcledger audit disclosures --student s-ana
            """,
        subcommands: [Stipends.self, Exceptions.self, Corrections.self, Adjustments.self, Trail.self, Disclosures.self]
    )
}
