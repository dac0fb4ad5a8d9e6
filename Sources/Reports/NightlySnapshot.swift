internal import EventCodec
public import EventStore
internal import Foundation
public import Mentoring
public import Postgres
internal import Projections

/// Reads everything one nightly report needs in one REPEATABLE READ snapshot, so every
/// file describes the same ledger head even while administrators keep writing.
enum NightlySnapshot {
    /// Verifies the chain, checks an earlier digest, then reads the read models and folds
    /// the log, all at one head.
    ///
    /// - Returns: the input, or why the job must stop (a broken chain names its first bad
    ///   position; a digest that no longer holds says whether history changed or was cut).
    static func read(
        _ db: Connection, asOf: Day, year: AcademicYear, expected: Manifest?, suppressBelow: Int?, signed: KeptCheckpoint? = nil, today: Day
    ) throws -> Result<(NightlyInput, VerificationReport, Manifest.CheckpointRecord?), NightlyFailure> {
        try db.withTransaction(isolation: "REPEATABLE READ", readOnly: true) { db in
            let store = EventStore(connection: db)
            let verification = try store.verify()
            if let bad = verification.firstBadPosition {
                return .failure(NightlyFailure(
                    kind: .verificationFailed,
                    message: "the hash chain is broken at position \(bad): \(verification.problem ?? "")\n  no report was written; run `mcledger verify` and `mcledger audit trail` to investigate"
                ))
            }
            if let failure = textFailure(verification) { return .failure(failure) }
            if let expected, let problem = try digestProblem(store, verification, expected) {
                return .failure(NightlyFailure(kind: .verificationFailed, message: "\(Field.checkDigest): \(problem)\n  no report was written"))
            }
            var record: Manifest.CheckpointRecord?
            if let signed {
                switch try checkpointRecord(db, verification, signed) {
                case .success(let value): record = value
                case .failure(let failure): return .failure(failure)
                }
            }
            // Behind means behind the last event a read model folds: disclosures (schema/014)
            // change no read model, and every roster an auditor reads appends one, so a
            // reporter is not stopped by the disclosures recorded since the last catch-up.
            let folded = try store.lastPosition(through: verification.lastPosition, excludingStreams: ["disclosures"])
            let behind = try ProjectionRunner.status(connection: db)
                .filter { $0.checkpoint < folded }
                .sorted { $0.projector.rawValue < $1.projector.rawValue }
                .map { "\($0.projector.rawValue) at \($0.checkpoint)" }
            if !behind.isEmpty {
                return .failure(NightlyFailure(
                    kind: .projectionsBehind,
                    message: "the projections are behind the ledger head \(verification.lastPosition) (\(behind.joined(separator: ", "))); no report was written\n  `mcledger projections follow` keeps them caught up; run `mcledger projections catch-up` as a projector login (or set MCLEDGER_PROJECTOR_URL), then the report again"
                ))
            }
            let head = ReportHead(position: verification.lastPosition, hash: Hex.encode(verification.lastHash))
            let states = try fold(store, through: verification.lastPosition)
            let input = NightlyInput(
                asOf: asOf, year: year, head: head,
                rosters: try RosterQuery.roster(connection: db, asOf: asOf, today: today),
                findings: try ComplianceQuery.findings(connection: db, year: year, asOf: asOf).findings,
                stipends: try AuditQuery.stipends(connection: db, year: year).compactMap { $0.asOf(asOf) },
                exceptions: try AuditQuery.exceptions(connection: db, year: year).filter { $0.since <= asOf },
                states: states,
                suppressBelow: suppressBelow ?? states.program.asOf(asOf).policy(for: year).smallCell
            )
            return .success((input, verification, record))
        }
    }

    /// The tree of the verified log at its head, checked against the signed checkpoint:
    /// the log must hold at least its size and the root of that many events must be the
    /// signed one. The tree is built in memory from the events read in this snapshot, so
    /// it needs no `mcledger checkpoint` run since the last write.
    static func checkpointRecord(
        _ db: Connection, _ verification: VerificationReport, _ signed: KeptCheckpoint
    ) throws -> Result<Manifest.CheckpointRecord, NightlyFailure> {
        let leaves = try EventStore(connection: db).hashes(through: verification.lastPosition).map(Merkle.leafHash)
        let size = Int64(leaves.count)
        let checkpoint = signed.checkpoint.checkpoint
        let disagrees = { (problem: String) in
            NightlyFailure(
                kind: .logDisagrees,
                message: "\(Field.checkpoint) \(signed.path): \(problem)\n  no report was written; run `mcledger verify` with \(Field.checkpoint) to investigate"
            )
        }
        guard checkpoint.size <= size else {
            return .failure(disagrees("log shorter than signed checkpoint: \(size) < \(checkpoint.size)"))
        }
        let levels = MerkleLevels(leafHashes: leaves)
        let root = try Merkle.root(size: size, levels.node)
        guard try Merkle.root(size: checkpoint.size, levels.node) == checkpoint.root else {
            return .failure(disagrees("head mismatch at size \(checkpoint.size): the root of the log's first \(checkpoint.size) events is not the signed root"))
        }
        let consistency = checkpoint.size > 0 && checkpoint.size < size
            ? try Merkle.consistencyPath(old: checkpoint.size, new: size, levels.node) : []
        let base64 = { (bytes: [UInt8]) in Data(bytes).base64EncodedString() }
        return .success(Manifest.CheckpointRecord(
            treeSize: size, root: base64(root), signedSize: checkpoint.size, signedRoot: base64(checkpoint.root),
            note: signed.text, consistency: consistency.map(base64)
        ))
    }

    /// Why the job must stop when a text beside the log no longer matches its commitment
    /// (or is missing, or was removed without a redaction), as `mcledger verify` names
    /// it; nil when every text holds. A fact of the trail that no longer matches the log
    /// is as bad as a broken chain: the job fails closed.
    static func textFailure(_ verification: VerificationReport) -> NightlyFailure? {
        guard !verification.textsIntact else { return nil }
        let problems = verification.textProblems
        let shown = problems.prefix(20).map { problem in
            "  TEXT MISMATCH at position \(problem.position.map(String.init) ?? "-"), field \(problem.field): \(problem.message)"
        }
        let more = problems.count > 20 ? ["  … and \(problems.count - 20) more"] : []
        return NightlyFailure(
            kind: .verificationFailed,
            message: FieldMessage((["\(problems.count == 1 ? "a text" : "\(problems.count) texts") beside the log \(problems.count == 1 ? "does" : "do") not match the log's commitments:"]
                + shown + more + ["  no report was written; run `mcledger verify` to investigate"]).joined(separator: "\n"))
        )
    }

    /// Whether the chain still holds the manifest's head: the log reaches its position and
    /// the hash there is the one it recorded.
    ///
    /// `verify` has just recomputed every hash from the first event, so the hash stored at
    /// the manifest's position is the recomputed one: a rewrite of any event up to it,
    /// even one that recomputed every later hash, changes it.
    static func digestProblem(_ store: EventStore, _ verification: VerificationReport, _ expected: Manifest) throws -> String? {
        let position = expected.head.position
        if position > verification.lastPosition {
            return "the log ends at position \(verification.lastPosition), before the manifest's head \(position) (as of \(expected.asOf)): events were cut from the history"
        }
        let hash: String
        if position == 0 {
            hash = Hex.encode(LedgerHead.genesis.hash)
        } else {
            hash = try store.hash(at: position).map(Hex.encode) ?? ""
        }
        guard hash == expected.head.hash else {
            return "history up to position \(position) has changed since the manifest of \(expected.asOf): the chain's hash there is \(hash), the manifest kept \(expected.head.hash)"
        }
        return nil
    }

    /// Every stream folded up to `through`, for the activity tallies of the summary.
    ///
    /// The read models keep no per-leader hours or meeting counts, so the report folds the
    /// log with the domain's own `evolve`, exactly as the compliance rules see it, each
    /// event read as every reader reads it (upcast, ``EventCodec``).
    static func fold(_ store: EventStore, through: Int64) throws -> StreamStates {
        var states = StreamStates()
        let codec = EventCodec()
        // Positions are gap-free: the first `through` events are those up to it.
        try store.readAll(after: 0, limit: Int(through)) { event in
            // An event no reader can decode is quarantined by the projectors and left out
            // of every read model; the tallies leave it out too.
            guard let envelope = try? codec.envelope(event) else { return }
            states.evolve(envelope)
        }
        return states
    }
}

/// A signed checkpoint whose signature was checked, with the file's text as kept.
public struct KeptCheckpoint: Sendable {
    public var path: String
    public var checkpoint: SignedCheckpoint
    public var text: String

    public init(path: String, checkpoint: SignedCheckpoint, text: String) {
        self.path = path
        self.checkpoint = checkpoint
        self.text = text
    }
}
