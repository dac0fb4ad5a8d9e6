import ArgumentParser

struct StipendCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stipend",
        abstract: "Request, approve, pay and reverse a community's yearly stipend.",
        discussion: """
            One stipend per community per academic year (STP-01), of the policy's amount \
            ($2,500; STP-02), to a leader of that community eligible that year (STP-03). \
            Separation of duties (STP-04): the requester, the approver and the payer are three \
            different people, told apart by the database login each event records (not by \
            --actor, a display name), and the payee approves nothing of their own.
            """,
        subcommands: [Request.self, Approve.self, Pay.self, Reverse.self]
    )
}
