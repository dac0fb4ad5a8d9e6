import Testing
import TestSupport

/// `--help` is the manual: the root's and one write's are checked word for word.
@Suite struct WriteHelpTests {
    @Test func rootHelpListsEveryCommandAndTheWriteConventions() throws {
        let help = try runCLI(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasSuffix("""
            Every event records the database login that wrote it; --actor is your display
            name (default $MCLEDGER_ACTOR, else the login). Every write takes --actor,
            --reason, --command-id (the same id again, from the same login, appends nothing
            and prints the first outcome), --on DATE (when it happened; default today) and
            --format text|json. A write that meets a concurrent writer re-reads and decides
            again, up to $MCLEDGER_MAX_ATTEMPTS times (default 5).

            Today is the local date, or $MCLEDGER_TODAY (YYYY-MM-DD) when set: one day for
            everything, the default --on of writes and the "as of" of queries and
            projections, so a replay or a rehearsal can run as of another day.

            Exit status: 0 done; 1 verification failed; 2 the log disagrees with a signed
            checkpoint, or a proof does not hold; 3 a checkpoint cannot be trusted; 64
            usage error; 65 refused (bad data or a program rule; nothing written); 69
            database unavailable; 75 concurrency conflict that retries did not resolve; 77
            a disclosure of student records could not be recorded, so nothing was shown or
            written; 78 schema missing (run `mcledger db migrate`), or a server that could
            lose an acknowledged event.

            Start with:
              mcledger db migrate
              mcledger db status

            An administrator's day:
              mcledger community establish c-latinx --name "Latinx" --focus latinx
              mcledger person register s-2029-ana --name "Ana Ruiz" --role student
              mcledger student join s-2029-ana --community c-latinx

            USAGE: mcledger <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SETUP SUBCOMMANDS:
              db                      Create, upgrade and inspect the ledger's schema.

            ADMINISTRATOR SUBCOMMANDS:
              community               Establish and retire mentoring communities.
              person                  Register people, change titles and names, erase
                                      details, print a student's record.
              leader                  Appoint faculty leaders and record them stepping down.
              resident                Add residents to communities and record them leaving.
              student                 Add medical students to communities and record them
                                      leaving.
              staff                   Assign and relieve communities' staff liaisons.
              member                  Assign and remove members of the local community.
              training                Record leaders' leadership training.
              gathering               Record whole-community gatherings.
              meeting                 Record leaders' meetings with students.
              hours                   Log leaders' other time for their community.
              stipend                 Request, approve, pay and reverse a community's
                                      yearly stipend.
              year                    Close academic years.
              policy                  Show or set the program's own rule numbers and
                                      readings for an academic year.
              correct                 Void an earlier event by appending a correction that
                                      points at it.
              redact                  Remove a free text of an earlier event; its
                                      commitment stays and the chain verifies.
              import                  Import people or a roster from a CSV file: all rows
                                      or none.

            AUDITOR SUBCOMMANDS:
              roster                  List communities and their members by role, now or as
                                      of a date.
              compliance              List the program's rule findings for an academic
                                      year, with their evidence.
              audit                   Read the audit projection: stipends, exceptions,
                                      corrections, adjustments and trails; and the record
                                      of disclosures.
              events                  List events of the ledger in position order.
              verify                  Recompute the hash chain and check it against the
                                      recorded head.
              projections             Show, catch up, rebuild, follow or verify the read
                                      models (roster, compliance, audit).
              report                  Write the scheduled reports (CSV, JSON, HTML) with a
                                      digest of the ledger, and check one.

            EVIDENCE OUTSIDE THE DATABASE SUBCOMMANDS:
              key                     Make the Ed25519 key that signs checkpoints.
              checkpoint              Sign the log's Merkle root and write it out as a
                                      checkpoint.
              proof                   Prove an event is in the log, or that the log only
                                      grew; check such proofs.

              See 'mcledger help <subcommand>' for detailed help.

            """))
    }

    @Test func studentJoinHelpTeachesByExample() throws {
        let help = try runCLI(["student", "join", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout == """
            OVERVIEW: Add a medical student to a community.

            Appends StudentJoined to the community's stream and StudentPlaced to the
            student's, in one transaction. COM-03 refuses a 19th student; COM-06 refuses a
            student who belongs to another community (leave it first). Two administrators
            racing for the last seat cannot both win: the second re-reads and is refused.

            Example:
              mcledger student join s-2029-ana --community c-latinx --on 2026-08-15

            USAGE: mcledger student join <student-id> --community <id> [--actor <name>] [--reason <text>] [--command-id <id>] [--on <date>] [--format <format>] [--receipt <file>] [--database <uri>]

            ARGUMENTS:
              <student-id>            The student's id.

            OPTIONS:
              --community <id>        The community to join.
              --actor <name>          Your display name (default: $MCLEDGER_ACTOR, else
                                      your database login, which every event records too).
              --reason <text>         Why; required by some commands, and by any write
                                      dated in a closed year.
              --command-id <id>       Idempotency key: the same id again, from the same
                                      login, prints the first outcome and appends nothing.
              --on <date>             When it happened, YYYY-MM-DD (default: today, or
                                      $MCLEDGER_TODAY).
              --format <format>       Output format: text or json. (values: text, json;
                                      default: text)
              --receipt <file>        Write a receipt (JSON): the events' hashes and
                                      proofs, tree size and root right after the append.
              --database <uri>        PostgreSQL connection URI or conninfo (default:
                                      $DATABASE_URL, else libpq's PGHOST, PGPORT, …).
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test func everyWriteCommandHasAnExample() throws {
        let commands: [[String]] = [
            ["community", "establish"], ["community", "retire"], ["person", "register"], ["person", "retitle"],
            ["leader", "appoint"], ["leader", "step-down"], ["resident", "join"], ["resident", "leave"],
            ["student", "join"], ["student", "leave"], ["staff", "assign"], ["staff", "unassign"],
            ["member", "assign"], ["member", "remove"], ["training", "complete"], ["gathering", "record"],
            ["meeting", "record"], ["hours", "log"], ["stipend", "request"], ["stipend", "approve"],
            ["stipend", "pay"], ["stipend", "reverse"], ["year", "close"], ["policy", "set"], ["correct"],
            ["import", "people"], ["import", "roster"],
        ]
        for command in commands {
            let help = try runCLI(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example") && help.stdout.contains("\n  mcledger \(command.joined(separator: " "))"), "\(command)")
            #expect(help.stdout.contains("--command-id <id>") && help.stdout.contains("--actor <name>"), "\(command)")
        }
    }
}
