import ArgumentParser
import EventStore
import Postgres
import Projections

extension ProjectionsCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Rebuild every read model in memory from the verified log and compare it with the stored rows.",
            discussion: """
                Verifies the hash chain first (as `mcledger verify`), then folds the log up \
                to each projector's checkpoint with the projectors' own code and compares \
                every row of every read model (rosters, compliance, audit, the quarantine) \
                with the stored one, naming each difference: the read model, the row's key, \
                the column, the stored and the expected value, or a row missing or extra. \
                Compliance is compared as of the day each stored evaluation names. Reads \
                only, in one snapshot: an auditor may run it. The nightly report runs it \
                before anything is caught up, and refuses on a difference.

                Exit status: 0 the chain holds and every row is the log's; 1 the chain is \
                broken (the first bad position is named) or a read model differs (each \
                difference is named).

                Examples:
                  mcledger projections verify
                  mcledger projections verify --format json
                """
        )

        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            var verification: ReadModelVerification?
            try reportingQueryFailures {
                verification = try connection.withLedger { db in
                    try ReadModelVerifier(connection: db, today: Today.day()).verify()
                }
            }
            guard let verification else { return }
            switch format {
            case .json: Self.json(verification).print()
            case .text: for line in Self.lines(verification) { print(line) }
            }
            if !verification.chain.isIntact {
                printError("the hash chain is broken; the read models were not compared")
                throw ExitCode(ExitStatus.verificationFailed)
            }
            if !verification.differences.isEmpty {
                printError("the read models differ from the log in \(verification.differences.count) place(s); see above. `mcledger projections rebuild`, run as a projector login, replaces them with the log's")
                throw ExitCode(ExitStatus.verificationFailed)
            }
        }

        static func lines(_ verification: ReadModelVerification) -> [String] {
            let chain = verification.chain
            guard chain.isIntact else {
                return ["BROKEN at position \(chain.firstBadPosition ?? 0): \(chain.problem ?? "")"]
            }
            var lines = ["OK: \(chain.checked) events verified; head position \(chain.lastPosition), hash \(Hex.encode(chain.lastHash))"]
            let checkpoints = ProjectorName.allCases.map { "\($0) \(verification.checkpoints[$0] ?? 0)" }.joined(separator: ", ")
            if verification.differences.isEmpty {
                lines.append("OK: the read models are the log's: \(verification.rowsCompared) rows compared at the checkpoints (\(checkpoints))")
            } else {
                lines += verification.differences.map { "DIFFERS: \($0)" }
                lines.append("\(verification.differences.count) difference(s) in \(verification.rowsCompared) rows compared at the checkpoints (\(checkpoints))")
            }
            return lines
        }

        static func json(_ verification: ReadModelVerification) -> JSONOutput {
            let chain = verification.chain
            return .object([
                ("ok", .bool(verification.holds)),
                ("chain", .object([
                    ("ok", .bool(chain.isIntact)),
                    ("checked", .int(Int64(chain.checked))),
                    ("head", .object([("position", .int(chain.lastPosition)), ("hash", .string(Hex.encode(chain.lastHash)))])),
                    ("firstBadPosition", chain.firstBadPosition.map(JSONOutput.int) ?? .null),
                    ("problem", .optional(chain.problem)),
                ])),
                ("checkpoints", .object(ProjectorName.allCases.map { ($0.rawValue, .int(verification.checkpoints[$0] ?? 0)) })),
                ("rowsCompared", .int(Int64(verification.rowsCompared))),
                ("differences", .array(verification.differences.map { difference in
                    .object([
                        ("table", .string(difference.table)), ("key", .string(difference.key)), ("kind", .string(difference.kind.rawValue)),
                        ("column", .optional(difference.column)), ("stored", .optional(difference.stored)), ("expected", .optional(difference.expected)),
                    ])
                })),
            ])
        }
    }

    struct Quarantine: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarantine",
            abstract: "List the events no reader can decode, set aside so that the ledger goes on.",
            discussion: """
                A projector that meets an event it cannot decode (a type or version this \
                build does not read, a payload whose values do not parse) records it here \
                and goes on: its position, event id, stream, type, schema version, why \
                (never the payload) and when it was first met. Writes that read its stream \
                are refused, naming it, until it is resolved; other streams are not held up.

                Resolve one by voiding it: `mcledger correct <event-id> --reason TEXT` \
                appends EventCorrected (its voided type is the stored type), readers skip \
                the event from then on, and this list shows it resolved with the \
                correction's position. Then record the right fact with the right command.

                Example:
                  mcledger projections quarantine --format json
                """
        )

        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try reportingQueryFailures {
                let events = try connection.withLedger { try ProjectionRunner.quarantine(connection: $0) }
                switch format {
                case .json:
                    JSONOutput.object([("quarantined", .array(events.map { event in
                        .object([
                            ("position", .int(event.position)), ("eventId", .string(event.eventID)), ("stream", .string(event.stream)),
                            ("type", .string(event.type)), ("schemaVersion", .int(Int64(event.schemaVersion))), ("problem", .string(event.problem)),
                            ("firstSeen", .optional(event.firstSeen)), ("resolvedBy", event.resolvedBy.map(JSONOutput.int) ?? .null),
                        ])
                    }))]).print()
                case .text:
                    guard !events.isEmpty else {
                        print("No event is quarantined: every event read so far can be decoded.")
                        return
                    }
                    print(textTable(
                        ["POSITION", "STREAM", "TYPE", "VERSION", "EVENT ID", "RESOLVED BY", "PROBLEM"],
                        events.map { [String($0.position), $0.stream, $0.type, String($0.schemaVersion), $0.eventID, $0.resolvedBy.map(String.init) ?? "-", $0.problem] }
                    ))
                    if let open = events.first(where: { $0.resolvedBy == nil }) {
                        print("Resolve one by voiding it, e.g.: mcledger correct \(open.eventID) --reason TEXT")
                    }
                }
            }
        }
    }
}
