import ArgumentParser
import EventStore
import Postgres

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the hash chain and check it against the recorded head.",
        discussion: """
            Every event's hash must equal SHA-256(previous hash ‖ canonical form), positions \
            must run without a gap, and the last event must be the recorded head. An event \
            altered, inserted, swapped or deleted behind the database's triggers is named \
            by its position. Exits 0 when the chain holds, 1 when it is broken.

            A rewrite that recomputes every later hash, head included, passes this check: \
            keep the head position and hash (mcledger db status) outside the database and \
            compare. schema/001_event_store.sql shows how to recompute the chain in plain SQL.

            Example:
              mcledger verify
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Start at this position, trusting the stored hash before it.", valueName: "position"))
    var from: Int64 = 1
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        if from < 1 { throw ValidationError("--from must be a position of 1 or more (got \(from))") }
    }

    func run() throws {
        var intact = true
        try reportingFailures {
            try connection.withLedger { db in
                let report = try EventStore(connection: db).verify(from: from)
                intact = report.isIntact
                switch format {
                case .json:
                    JSONOutput.object([
                        ("ok", .bool(report.isIntact)),
                        ("checked", .int(Int64(report.checked))),
                        ("head", .object([("position", .int(report.lastPosition)), ("hash", .string(Hex.encode(report.lastHash)))])),
                        ("firstBadPosition", report.firstBadPosition.map(JSONOutput.int) ?? .null),
                        ("problem", report.problem.map(JSONOutput.string) ?? .null),
                    ]).print()
                case .text:
                    if let bad = report.firstBadPosition {
                        print("BROKEN at position \(bad): \(report.problem ?? "")")
                        print("\(report.checked) events before it verified.")
                    } else {
                        print("OK: \(report.checked) events verified; head position \(report.lastPosition), hash \(Hex.encode(report.lastHash))")
                    }
                }
            }
        }
        if !intact {
            printError("the hash chain is broken; see above")
            throw ExitCode(ExitStatus.verificationFailed)
        }
    }
}
