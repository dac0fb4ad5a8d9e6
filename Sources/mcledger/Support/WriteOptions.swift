import ArgumentParser
import EventStore
import Foundation
import Ledger
import Logging
import Mentoring
import Postgres
import Projections

/// The options every write shares (CLI.md, Conventions): who, when, why, the idempotency
/// key, the output format and the connection.
struct WriteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Your display name (default: $MCLEDGER_ACTOR, else your database login, which every event records too).", valueName: "name"))
    var actor: String?

    @Option(help: ArgumentHelp("Why; required by some commands, and by any write dated in a closed year.", valueName: "text"))
    var reason: String?

    @Option(
        name: .customLong("command-id"),
        help: ArgumentHelp("Idempotency key: the same id again, from the same login, prints the first outcome and appends nothing.", valueName: "id")
    )
    var commandID: String?

    @Option(help: ArgumentHelp("When it happened, YYYY-MM-DD (default: today, or $MCLEDGER_TODAY).", valueName: "date"))
    var on: String?

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Write a receipt (JSON): the events' hashes and proofs, tree size and root right after the append.", valueName: "file"))
    var receipt: String?

    @OptionGroup var connection: ConnectionOptions

    /// The request of this write, every value checked.
    ///
    /// - Throws: ``InvalidValue`` naming the flag.
    func request() throws -> WriteRequest {
        let actor = try Self.actor(actor)
        try freeText(reason, field: "--reason")
        let day = try on.map { try Day($0, field: "--on") } ?? Today.day()
        if let commandID {
            guard !commandID.isEmpty, commandID.count <= 200, !commandID.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true }) else {
                throw InvalidValue(field: "--command-id", value: commandID, message: "'\(commandID)' is not a command id; use 1 to 200 characters without spaces, e.g. 2026-09-01-ana-joins")
            }
        }
        return WriteRequest(actor: actor, occurredOn: day, reason: reason, commandID: commandID)
    }

    /// Refuses, as a usage error (exit 64), a command whose syntax requires `--reason`
    /// (CLI.md: `community retire`, `stipend reverse`, `correct`, `person erase`, `redact`)
    /// when it is absent or blank. A reason a rule requires given the data (a write into
    /// a closed year, REC-01) is the domain's refusal instead (exit 65).
    func requireReason(for what: String) throws {
        if reason?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            throw ValidationError("\(what) needs --reason TEXT")
        }
    }

    /// `--actor`, else `$MCLEDGER_ACTOR`, else empty: the handler then records the
    /// database login as the display name.
    static func actor(_ given: String?) throws -> String {
        let environment = Environment.value("MCLEDGER_ACTOR")
        guard let chosen = [given, environment].compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return "" }
        let actor = chosen.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !actor.isEmpty, actor.count <= 200 else {
            throw InvalidValue(field: "--actor", value: String(chosen.prefix(40)), message: "not an actor; give a name of 1 to 200 characters")
        }
        return try freeText(actor, field: "--actor")
    }

    /// Decides and appends `command`, then prints what was appended.
    ///
    /// The command is built (and its values checked) before connecting, so a typo is
    /// reported as such even when the database is down.
    func perform(_ build: () throws -> Command) throws {
        try reportingFailures(format: format) {
            let command = try build()
            let request = try request()
            try checkReceiptPath()
            // Taken on another thread while the connection opens (PendingFingerprint).
            let fingerprint = PendingFingerprint(of: command, request)
            let outcome = try connection.withLedger { db in
                let outcome = try handler(db).handle(command, request, fingerprint: fingerprint.value)
                writeReceipt(outcome, db)
                catchUpProjections(db)
                return outcome
            }
            print(outcome)
        }
    }

    /// As ``perform(_:)`` for a command that needs the database to be built (a
    /// correction looks up the stream of the event it voids).
    func perform(lookingUp build: (Connection) throws -> Command) throws {
        try reportingFailures(format: format) {
            let request = try request()
            try checkReceiptPath()
            let outcome = try connection.withLedger { db in
                let outcome = try handler(db).handle(try build(db), request)
                writeReceipt(outcome, db)
                catchUpProjections(db)
                return outcome
            }
            print(outcome)
        }
    }

    /// Folds what was just appended into the read models where this process may
    /// (``ProjectorAccess``: a projector connection, or a login that may write them), so
    /// the administrator sees the effect in `roster` or `compliance` at once; otherwise
    /// `mcledger projections follow` does within a moment.
    ///
    /// The write has committed by now: if catching up fails, the command still succeeded,
    /// so this warns and says how to catch up later instead of failing.
    func catchUpProjections(_ db: Connection, afterImport: Bool = false) {
        do {
            _ = try ProjectorAccess.withProjector(db) { projector in try ProjectionRunner.catchUp(connection: projector, today: Today.day(), lagMayBeLong: afterImport) }
        } catch {
            printError("the write is recorded, but the read models did not catch up (\(error)); `mcledger projections follow` or `projections catch-up`, run as a projector login, will")
        }
    }

    func handler(_ connection: Connection) -> CommandHandler {
        CommandHandler(connection: connection, logger: Logger(label: "mcledger.ledger"), maxAttempts: Self.maxAttempts)
    }

    /// `$MCLEDGER_MAX_ATTEMPTS` (default 5): how often a write decides again after a conflict.
    static var maxAttempts: Int {
        Environment.value("MCLEDGER_MAX_ATTEMPTS").flatMap(Int.init).map { max(1, $0) } ?? 5
    }

    /// Prints the appended events as CLI.md shows; a replay prints the same and says so on stderr.
    func print(_ outcome: WriteOutcome) {
        if outcome.replayed {
            printError("command id \(outcome.commandID) was already recorded; nothing new was appended, its first outcome follows")
        }
        switch format {
        case .json:
            JSONOutput.object([
                ("appended", .array(outcome.events.map { event in
                    .object([
                        ("position", .int(event.position)),
                        ("stream", .string(event.stream)),
                        ("type", .string(event.type)),
                        ("eventId", .string(event.eventID)),
                    ])
                })),
            ]).print()
        case .text:
            Terminal.print(textTable(
                ["POSITION", "STREAM", "TYPE", "EVENT ID"],
                outcome.events.map { [String($0.position), $0.stream, $0.type, $0.eventID] }
            ))
        }
    }
}
