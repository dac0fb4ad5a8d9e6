import ArgumentParser
import Foundation
import Logging
import Postgres
import Projections

struct ProjectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Show, catch up, rebuild, follow or verify the read models (roster, compliance, audit).",
        discussion: """
            The read models are written by mcledger_projector only (`mcledger db grant \
            <login> projector`): `catch-up`, `rebuild` and `follow` run as such a login. \
            A write catches them up before it returns when it can (a superuser, a login \
            that also holds the projector duty, or a projector connection in \
            $MCLEDGER_PROJECTOR_URL); otherwise `follow` does within a moment, and read \
            commands note on stderr while they lag. Projector rows and checkpoints are \
            written in one transaction, so an interrupted run loses nothing and repeats \
            nothing.

            An event no reader can decode is quarantined (its position, id, stream and \
            type, never its payload) and skipped; `quarantine` lists them, and \
            `mcledger correct <event-id> --reason TEXT` resolves one. `verify` rebuilds \
            every read model in memory and names each stored row that differs.

            Compliance is evaluated as of today (local date, or $MCLEDGER_TODAY): run \
            `catch-up` daily (the nightly job does) so that findings due today are stored.

            Examples:
              mcledger projections status
              mcledger projections catch-up
              mcledger projections rebuild compliance
              mcledger projections follow
              mcledger projections verify
              mcledger projections quarantine
            """,
        subcommands: [Status.self, CatchUp.self, Rebuild.self, Follow.self, Verify.self, Quarantine.self]
    )
}

/// Projector names typed as arguments (`rebuild compliance`); all of them when none.
func projectorNames(_ texts: [String]) throws -> [ProjectorName] {
    guard !texts.isEmpty else { return ProjectorName.allCases }
    return try texts.map { text in
        guard let name = ProjectorName(rawValue: text) else {
            throw ValidationError("'\(text)' is not a projector; use \(ProjectorName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return name
    }
}

extension ProjectionsCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show each projector's checkpoint and how far it lags the log.",
            discussion: """
                Also counts the quarantined events (those no reader can decode) and names \
                the positions of the unresolved ones.

                Example:
                  mcledger projections status --format json
                """
        )

        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try reportingQueryFailures {
                let (statuses, quarantine) = try connection.withLedger { db in
                    (try ProjectionRunner.status(connection: db), try ProjectionRunner.quarantine(connection: db))
                }
                let unresolved = quarantine.filter { $0.resolvedBy == nil }
                switch format {
                case .json:
                    JSONOutput.object([
                        ("projectors", .array(statuses.map { status in
                        .object([
                            ("projector", .string(status.projector.rawValue)),
                            ("generation", .string(status.generation)),
                            ("checkpoint", .int(status.checkpoint)),
                            ("head", .int(status.head)),
                            ("lagEvents", .int(status.lagEvents)),
                            ("lagSeconds", .raw(String(format: "%.3f", status.lagSeconds))),
                            ("updatedAt", .optional(status.updatedAt)),
                            ("rebuiltAt", .optional(status.swappedAt)),
                        ])
                        })),
                        ("quarantine", .object([
                            ("events", .int(Int64(quarantine.count))),
                            ("unresolved", .array(unresolved.map { .int($0.position) })),
                        ])),
                    ]).print()
                case .text:
                    print(textTable(
                        ["PROJECTOR", "GENERATION", "CHECKPOINT", "HEAD", "LAG EVENTS", "LAG SECONDS", "UPDATED"],
                        statuses.map { [$0.projector.rawValue, $0.generation, String($0.checkpoint), String($0.head), String($0.lagEvents), String(format: "%.1f", $0.lagSeconds), $0.updatedAt ?? "never"] }
                    ))
                    if !quarantine.isEmpty {
                        let positions = unresolved.map { String($0.position) }.joined(separator: ", ")
                        print("Quarantined: \(quarantine.count) event(s) no reader can decode, \(unresolved.count) unresolved" + (unresolved.isEmpty ? "" : " (positions \(positions)); see `mcledger projections quarantine`"))
                    }
                }
            }
        }
    }

    struct CatchUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catch-up",
            abstract: "Fold every event not yet folded, and re-evaluate compliance for today.",
            discussion: """
                Folds batch by batch from each projector's checkpoint. A projector behind by \
                a tenth of the log or more (after a large import, say) is rebuilt instead, \
                which gives the same rows far sooner; readers keep the current ones until \
                the swap.

                Example:
                  mcledger projections catch-up
                """
        )

        @Argument(help: ArgumentHelp("Projectors to catch up (default: all).", valueName: "projector")) var projectors: [String] = []
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func validate() throws { _ = try projectorNames(projectors) }

        func run() throws {
            try reportingQueryFailures {
                let chosen = try projectorNames(projectors)
                let folded = try connection.withLedger { db in
                    try ProjectorAccess.requireProjector(db)
                    return try ProjectionRunner(connection: db, today: Today.day()).catchUp(chosen, rebuildingWhenFarBehind: true)
                }
                ProjectionsCommand.printFolded(chosen, folded, format: format)
            }
        }
    }

    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Rebuild projections from position 0 beside the live ones, then swap them in.",
            discussion: """
                Readers keep reading the current tables until the rebuilt ones are swapped \
                in, in one transaction. Interrupt it (Ctrl-C) to cancel: nothing is swapped.

                Examples:
                  mcledger projections rebuild
                  mcledger projections rebuild compliance
                """
        )

        @Argument(help: ArgumentHelp("Projectors to rebuild (default: all).", valueName: "projector")) var projectors: [String] = []
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func validate() throws { _ = try projectorNames(projectors) }

        func run() throws {
            try reportingQueryFailures {
                let chosen = try projectorNames(projectors)
                let report = try connection.withLedger { db in
                    try ProjectorAccess.requireProjector(db)
                    return try ProjectionRunner(connection: db, today: Today.day()).rebuild(chosen)
                }
                switch format {
                case .json:
                    JSONOutput.object([
                        ("rebuilt", .array(chosen.map { .string($0.rawValue) })),
                        ("head", .int(report.head)),
                        ("caughtUp", .int(Int64(report.caughtUp))),
                        ("seconds", .raw(String(format: "%.3f", report.seconds))),
                    ]).print()
                case .text:
                    print("Rebuilt \(chosen.map(\.rawValue).joined(separator: ", ")) from \(report.head) events (+\(report.caughtUp) appended meanwhile) in \(String(format: "%.1f", report.seconds)) s.")
                }
            }
        }
    }

    struct Follow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow",
            abstract: "Keep projections caught up as events arrive, until stopped.",
            discussion: """
                Wakes on each append (LISTEN mcledger_events) and at least every \
                --poll-interval seconds, and catches up from the checkpoints; reconnects \
                when the server restarts. Stop it with Ctrl-C or SIGTERM.

                Example:
                  mcledger projections follow --poll-interval 10
                """
        )

        @Option(name: .customLong("poll-interval"), help: ArgumentHelp("Seconds between catch-ups without a notification.", valueName: "seconds"))
        var pollInterval: Double = 5
        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            guard pollInterval > 0 else { throw ValidationError("--poll-interval must be more than 0 seconds") }
        }

        func run() throws {
            try reportingQueryFailures {
                let configuration = connection.configuration
                let follower = ProjectionFollower(
                    connect: {
                        let connection = try Connection.connect(configuration)
                        try SessionLimits.apply(to: connection)
                        do {
                            try ProjectorAccess.requireProjector(connection)
                        } catch {
                            connection.close()
                            throw error
                        }
                        return connection
                    },
                    today: { Today.day() },
                    pollInterval: pollInterval,
                    logger: Logger(label: "mcledger.projections")
                )
                try follower.run(shouldContinue: { true }) { folded in
                    let total = folded.values.reduce(0, +)
                    guard total > 0 else { return }
                    // Unbuffered: a log reader sees each catch-up as it happens.
                    FileHandle.standardOutput.write(Data((ProjectionsCommand.foldedText(ProjectorName.allCases, folded) + "\n").utf8))
                }
            }
        }
    }

    static func printFolded(_ projectors: [ProjectorName], _ folded: [ProjectorName: Int], format: OutputFormat) {
        switch format {
        case .json:
            JSONOutput.object([("folded", .object(projectors.map { ($0.rawValue, .int(Int64(folded[$0] ?? 0))) }))]).print()
        case .text:
            print(foldedText(projectors, folded))
        }
    }

    static func foldedText(_ projectors: [ProjectorName], _ folded: [ProjectorName: Int]) -> String {
        "Caught up: " + projectors.map { "\($0) +\(folded[$0] ?? 0)" }.joined(separator: ", ")
    }
}
