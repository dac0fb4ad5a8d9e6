import ArgumentParser
import EventStore
import Postgres
import Projections

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain and check it against the recorded head.",
        discussion: """
            Every event's hash must equal SHA-256(previous hash ‖ canonical form), positions \
            must run without a gap, and the last event must be the recorded head. An event \
            altered, inserted, swapped or deleted behind the database's triggers is named \
            by its position. Every free text kept beside the log is checked against the \
            salted SHA-256 commitment its event carries (an auditor's check too, though it \
            shows no text): a text altered, deleted or removed without a redaction is named \
            by position and field, and counts as a broken chain. Exits 0 when the chain holds, 1 when it is broken.

            A rewrite that recomputes every later hash, head included, or a tail cut with \
            the head moved back, passes this check alone. With --checkpoint (a signed \
            checkpoint kept outside the database, from `mcledger checkpoint`) and --key (the \
            public key: a PEM file, or a verifier key NAME+KEYHASH+BASE64KEY or a file holding \
            one), it also checks each checkpoint's signature, that the log holds at least its \
            size, and that the Merkle root of the log's first `size` events is its root. \
            schema/001_event_store.sql shows how to recompute the chain in plain SQL; \
            docs/VERIFYING.md states every byte.

            Events the projectors could not decode (quarantined, see `mcledger projections \
            quarantine`) are named in a WARNING line; they do not break the chain.

            Exit status:
              0  the chain holds (and every checkpoint given)
              1  the chain is broken: the first bad position is named (or a text beside \
            the log does not match its commitment: each is named)
              2  the log disagrees with a valid signed checkpoint: "log shorter than signed \
            checkpoint: 997 < 1000", or "head mismatch at size 1000"
              3  a checkpoint cannot be trusted (malformed, trailing garbage, bad signature, \
            unknown key); the database is not read
            When the chain is broken and a checkpoint disagrees too, the exit status is 1.
            --head POSITION:HASH compares a head kept from `db status` the same way (exit 2).

            Examples:
              mcledger verify
              mcledger verify --checkpoint /mnt/offsite/checkpoints/latest --key mcledger.example-school.pub
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Start at this position, trusting the stored hash before it.", valueName: "position"))
    var from: Int64 = 1
    @Option(
        name: .customLong("checkpoint"),
        help: ArgumentHelp("A signed checkpoint file to check the log against (repeatable).", valueName: "file")
    )
    var checkpoints: [String] = []
    @Option(
        name: .customLong("key"),
        help: ArgumentHelp("The checkpoints' public key: PEM file, verifier key, or a file of one (repeatable).", valueName: "pubkey")
    )
    var keys: [String] = []
    @Option(
        name: .customLong("head"),
        help: ArgumentHelp("A head kept from `db status` or a manifest, POSITION:HASH (hex), to compare (repeatable).", valueName: "pos:hash")
    )
    var heads: [KeptHead] = []
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        if from < 1 { throw ValidationError("--from must be a position of 1 or more (got \(from))") }
        if !checkpoints.isEmpty && keys.isEmpty { throw ValidationError("--checkpoint needs --key, the public key that signed it") }
        if !checkpoints.isEmpty && from != 1 { throw ValidationError("--checkpoint checks the whole log: leave out --from") }
        if !heads.isEmpty && from != 1 { throw ValidationError("--head checks the whole log: leave out --from") }
    }

    func run() throws {
        var intact = true
        var textsIntact = true
        var disagreements = 0
        // Every checkpoint is read and its signature checked before the database is.
        var signed: [(path: String, checkpoint: SignedCheckpoint)] = []
        try reportingTrust {
            let trusted = try trustedKeys(keys)
            signed = try checkpoints.map { ($0, try SignedCheckpoint(path: $0, keys: trusted)) }
        }
        try reportingFailures {
            try connection.withLedger { db in
                let report = try EventStore(connection: db).verify(
                    from: from, rootSizes: Set(signed.map(\.checkpoint.checkpoint.size)), hashPositions: Set(heads.map(\.position))
                )
                intact = report.isIntact
                textsIntact = report.textsIntact
                let findings = signed.map { Self.compare($0.checkpoint.checkpoint, report) }
                let headFindings = heads.map { $0.compare(report) }
                // Best effort: a ledger migrated before schema/012 has no quarantine.
                let quarantined = (try? ProjectionRunner.quarantine(connection: db)) ?? []
                let unresolved = quarantined.filter { $0.resolvedBy == nil }
                disagreements = (findings + headFindings).filter { $0 != nil }.count
                let checkpointJSON: [JSONOutput] = zip(signed, findings).map { entry, problem in
                    .object([
                        ("file", .string(entry.path)), ("origin", .string(entry.checkpoint.checkpoint.origin)),
                        ("treeSize", .int(entry.checkpoint.checkpoint.size)), ("signer", .string(entry.checkpoint.signer.name)),
                        ("holds", .bool(problem == nil)), ("problem", problem.map(JSONOutput.string) ?? .null),
                    ])
                }
                switch format {
                case .json:
                    JSONOutput.object([
                        ("checkpoints", .array(checkpointJSON)),
                        ("heads", .array(zip(heads, headFindings).map { head, problem in
                            .object([("position", .int(head.position)), ("holds", .bool(problem == nil)), ("problem", problem.map(JSONOutput.string) ?? .null)])
                        })),
                        ("ok", .bool(report.isIntact && report.textsIntact)),
                        ("texts", .object([
                            ("checked", .int(Int64(report.textsChecked))),
                            ("problems", .array(report.textProblems.map { problem in
                                .object([
                                    ("position", problem.position.map(JSONOutput.int) ?? .null), ("eventId", .string(problem.eventID)),
                                    ("field", .string(problem.field)), ("kind", .string(problem.kind.rawValue)), ("problem", .string(problem.message)),
                                ])
                            })),
                        ])),
                        ("checked", .int(Int64(report.checked))),
                        ("head", .object([("position", .int(report.lastPosition)), ("hash", .string(Hex.encode(report.lastHash)))])),
                        ("firstBadPosition", report.firstBadPosition.map(JSONOutput.int) ?? .null),
                        ("problem", report.problem.map(JSONOutput.string) ?? .null),
                        ("quarantined", .array(quarantined.map { event in
                            .object([("position", .int(event.position)), ("type", .string(event.type)), ("resolvedBy", event.resolvedBy.map(JSONOutput.int) ?? .null)])
                        })),
                    ]).print()
                case .text:
                    if let bad = report.firstBadPosition {
                        print("BROKEN at position \(bad): \(report.problem ?? "")")
                        print("\(report.checked) events before it verified.")
                    } else {
                        print("OK: \(report.checked) events verified; head position \(report.lastPosition), hash \(Hex.encode(report.lastHash))")
                    }
                    for problem in report.textProblems {
                        print("TEXT MISMATCH at position \(problem.position.map(String.init) ?? "-"), field \(problem.field): \(problem.message)")
                    }
                    if report.textsChecked > 0 && report.textsIntact {
                        print("OK: \(report.textsChecked) texts beside the log match their commitments")
                    }
                    if !quarantined.isEmpty {
                        let positions = unresolved.map { String($0.position) }.joined(separator: ", ")
                        let open = unresolved.isEmpty ? "each resolved by a correction" : "\(unresolved.count) unresolved (positions \(positions))"
                        print("WARNING: \(quarantined.count) event(s) cannot be decoded by this build and are quarantined, \(open); the chain does not depend on it; see `mcledger projections quarantine`")
                    }
                    for (head, problem) in zip(heads, headFindings) {
                        print(problem.map { "DISAGREES with the kept head \(head.position): \($0)" } ?? "OK: the kept head \(head.position) holds")
                    }
                    for (entry, problem) in zip(signed, findings) {
                        let checkpoint = entry.checkpoint.checkpoint
                        if let problem {
                            print("DISAGREES with checkpoint \(entry.path) (\(checkpoint.origin), size \(checkpoint.size)): \(problem)")
                        } else {
                            print("OK: checkpoint \(entry.path) (\(checkpoint.origin), size \(checkpoint.size), signed by \(entry.checkpoint.signer.name)) holds")
                        }
                    }
                }
            }
        }
        if !intact {
            printError("the hash chain is broken; see above")
            throw ExitCode(ExitStatus.verificationFailed)
        }
        if !textsIntact {
            // As bad as a broken chain: a fact of the trail no longer matches the log.
            printError("a text beside the log does not match its commitment; see above")
            throw ExitCode(ExitStatus.verificationFailed)
        }
        if disagreements > 0 {
            printError("the log disagrees with \(disagreements == 1 ? "a signed checkpoint" : "\(disagreements) signed checkpoints"); see above")
            throw ExitCode(ExitStatus.logDisagrees)
        }
    }

    /// A head kept outside the database: `POSITION:HASH`, as `db status` shows them.
    struct KeptHead: ExpressibleByArgument {
        var position: Int64
        var hash: [UInt8]

        init?(argument: String) {
            let parts = argument.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let position = Int64(parts[0]), position >= 1,
                  let hash = Hex.decode(parts[1]), hash.count == 32 else { return nil }
            self.position = position
            self.hash = hash
        }

        func compare(_ report: VerificationReport) -> String? {
            guard let stored = report.hashes[position] else {
                return "log shorter than the kept head: \(report.rows) < \(position)"
            }
            return stored == hash ? nil : "head mismatch at position \(position): the log's hash there is \(Hex.encode(stored))"
        }
    }

    /// Why the log disagrees with `checkpoint`, nil when it holds.
    static func compare(_ checkpoint: Checkpoint, _ report: VerificationReport) -> String? {
        if report.rows < checkpoint.size {
            return "log shorter than signed checkpoint: \(report.rows) < \(checkpoint.size)"
        }
        if report.roots[checkpoint.size] != checkpoint.root {
            return "head mismatch at size \(checkpoint.size): the root of the log's first \(checkpoint.size) events is not the signed root"
        }
        return nil
    }
}
