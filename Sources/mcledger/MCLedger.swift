import ArgumentParser
import Foundation
import Logging
import Mentoring

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

            Every event records the database login that wrote it; --actor is your display \
            name (default $MCLEDGER_ACTOR, else the login). Every write takes --actor, --reason, \
            --command-id (the same id again, from the same login, appends nothing and prints \
            the first outcome), \
            --on DATE (when it happened; default today) and --format text|json. A write that \
            meets a concurrent writer re-reads and decides again, up to $MCLEDGER_MAX_ATTEMPTS \
            times (default 5).

            Today is the local date, or $MCLEDGER_TODAY (YYYY-MM-DD) when set: one day for \
            everything, the default --on of writes and the "as of" of queries and \
            projections, so a replay or a rehearsal can run as of another day.

            Exit status: 0 done; 1 verification failed; 2 the log disagrees with a signed \
            checkpoint, or a proof does not hold; 3 a checkpoint cannot be trusted; 64 usage error; 65 refused (bad \
            data or a program rule; nothing written); 69 database unavailable; 75 \
            concurrency conflict that retries did not resolve; 77 a disclosure of student \
            records could not be recorded, so nothing was shown or written; 78 schema \
            missing (run `mcledger db migrate`), or a server that could lose an \
            acknowledged event.

            Start with:
              mcledger db migrate
              mcledger db status

            An administrator's day:
              mcledger community establish c-latinx --name "Latinx" --focus latinx
              mcledger person register s-2029-ana --name "Ana Ruiz" --role student
              mcledger student join s-2029-ana --community c-latinx
            """,
        version: "0.1.0",
        groupedSubcommands: [
            CommandGroup(name: "Setup", subcommands: [Database.self]),
            CommandGroup(name: "Administrator", subcommands: [
                CommunityCommands.self, PersonCommands.self, LeaderCommands.self, ResidentCommands.self,
                StudentCommands.self, StaffCommands.self, MemberCommands.self, TrainingCommands.self,
                GatheringCommands.self, MeetingCommands.self, HoursCommands.self, StipendCommands.self,
                YearCommands.self, PolicyCommands.self, Correct.self, Redact.self, ImportCommands.self,
            ]),
            CommandGroup(name: "Auditor", subcommands: [
                Roster.self, ComplianceCommand.self, Audit.self, Events.self, Verify.self,
                ProjectionsCommand.self, Report.self,
            ]),
            CommandGroup(name: "Evidence outside the database", subcommands: [
                KeyCommands.self, CheckpointCommand.self, ProofCommands.self,
            ]),
        ]
    )

    /// Sends log lines to stderr (never between a command's output on stdout), at
    /// `$MCLEDGER_LOG_LEVEL` (default: warning).
    static func main() {
        let level = Environment.value("MCLEDGER_LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        // A mistyped day would otherwise be ignored and every write dated today.
        if let text = Environment.value("MCLEDGER_TODAY"), (try? Day(text)) == nil {
            printError("$MCLEDGER_TODAY is '\(text)', not a date; write YYYY-MM-DD, e.g. 2026-10-03, or unset it")
            Foundation.exit(ExitStatus.usage)
        }
        if let problem = ArgumentLimits.problem(Array(CommandLine.arguments.dropFirst())) {
            printError(problem)
            Foundation.exit(ExitStatus.usage)
        }
        main(nil)
    }
}
