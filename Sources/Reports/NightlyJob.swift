public import EventStore
public import Foundation
public import Mentoring
public import Postgres
internal import Projections

/// The nightly job: verify, read one snapshot, write the folder, record the run and its
/// disclosure. `mcledger report nightly` (and through it the systemd unit) parses its
/// flags into this and prints what ``run(_:catchUp:recordDisclosure:)`` returns.
public struct NightlyJob {
    /// The day judged (`--as-of`).
    public var asOf: Day
    /// The academic year reported (`--year`).
    public var year: AcademicYear
    /// The folder that receives `<as-of>/` (`--out`).
    public var output: URL
    /// An earlier manifest whose head the chain must still hold (`--check-digest`).
    public var expected: Manifest?
    /// The small-cell threshold of `summary.html` (nil: the policy's).
    public var suppressBelow: Int?
    /// A signed checkpoint the log must agree with, its signature already checked.
    public var signed: KeptCheckpoint?
    /// Today, from the caller's clock: the day the read models are verified and caught
    /// up as of.
    public var today: Day
    /// The build, recorded in the manifest's run record.
    public var version: String
    /// When the run started (the manifest's run record).
    public var started: Date

    public init(
        asOf: Day, year: AcademicYear, output: URL, expected: Manifest? = nil, suppressBelow: Int? = nil,
        signed: KeptCheckpoint? = nil, today: Day, version: String, started: Date = Date()
    ) {
        self.asOf = asOf
        self.year = year
        self.output = output
        self.expected = expected
        self.suppressBelow = suppressBelow
        self.signed = signed
        self.today = today
        self.version = version
        self.started = started
    }

    /// What a written report is.
    public struct Outcome {
        public var folder: URL
        public var manifest: Manifest
        public var verification: VerificationReport
        public var findings: [Finding]
    }

    /// Runs the job on `db`.
    ///
    /// - Parameters:
    ///   - catchUp: catches the read models up where this process may write them (a
    ///     projector connection) and returns true, or returns false when it may not.
    ///   - recordDisclosure: appends the disclosure of the students `rosters.csv` names,
    ///     in the transaction (its connection) that records the run.
    /// - Returns: the report written, or why the job stopped having written nothing.
    /// - Throws: database errors outside those the job reports as a failure.
    public func run(
        _ db: Connection, catchUp: (Connection) throws -> Bool, recordDisclosure: (Connection, [PersonID]) throws -> Void
    ) throws -> Result<Outcome, NightlyFailure> {
        let (input, verification, record): (NightlyInput, VerificationReport, Manifest.CheckpointRecord?)
        switch try snapshot(db, catchUp: catchUp) {
        case .success(let value): (input, verification, record) = value
        case .failure(let failure): return .failure(failure)
        }
        let files = NightlyReport.render(input)
        let folder = ReportFolder(parent: output, name: asOf.description)
        let manifest: Manifest
        do {
            manifest = try folder.write(files, manifest: { files in
                Manifest(asOf: asOf, year: year, head: input.head, files: files, checkpoint: record, run: Manifest.RunRecord(
                    startedAt: Self.timestamp(started), finishedAt: Self.timestamp(Date()), version: version
                ))
            }, commit: { manifest in
                // rosters.csv names students: its disclosure and the run are recorded
                // in one transaction before the folder is renamed into place.
                try db.withTransaction { tx in
                    try recordDisclosure(tx, Self.students(input.rosters))
                    try ReportRun(manifest: manifest, folder: folder.final.path).record(tx)
                }
            })
        } catch let error as ReportFolder.WriteError {
            return .failure(NightlyFailure(kind: .folderUnwritable, message: FieldMessage(error.message), underlying: error))
        } catch let error as ReportFolder.CommitError {
            return .failure(NightlyFailure(kind: .notRecorded, message: "recording the run and its disclosure failed", underlying: error.underlying))
        }
        return .success(Outcome(folder: folder.final, manifest: manifest, verification: verification, findings: input.findings))
    }

    /// Reads the night's input in one snapshot whose read models are at the head it
    /// verified.
    ///
    /// First, before anything is caught up, the chain is verified and every read model
    /// is rebuilt in memory and compared with the stored rows (`projections verify`):
    /// a forged row fails the job, naming it. Then, where this process may write the
    /// read models (`catchUp`) it catches them up, and again if a write lands between
    /// that and the snapshot. The reporter may only read them (GUARANTEES 9): when they
    /// lag it stops, since a report must describe the head its manifest names.
    func snapshot(
        _ db: Connection, catchUp: (Connection) throws -> Bool
    ) throws -> Result<(NightlyInput, VerificationReport, Manifest.CheckpointRecord?), NightlyFailure> {
        if let failure = try verifyChainAndReadModels(db) { return .failure(failure) }
        var attempt = 0
        while true {
            attempt += 1
            let caughtUp = try catchUp(db)
            let outcome = try NightlySnapshot.read(db, asOf: asOf, year: year, expected: expected, suppressBelow: suppressBelow, signed: signed, today: today)
            guard case .failure(let failure) = outcome, failure.kind == .projectionsBehind, caughtUp, attempt < 5 else { return outcome }
        }
    }

    /// `verify` (the chain, the kept digest, the signed checkpoint), then `projections
    /// verify`: why the job must stop, or nil when all hold. The snapshot checks the
    /// chain and the digest again at the head it reports.
    func verifyChainAndReadModels(_ db: Connection) throws -> NightlyFailure? {
        let verification = try ReadModelVerifier(connection: db, today: today).verify()
        let chain = verification.chain
        if let bad = chain.firstBadPosition {
            return NightlyFailure(
                kind: .verificationFailed,
                message: "the hash chain is broken at position \(bad): \(chain.problem ?? "")\n  no report was written; run `mcledger verify` and `mcledger audit trail` to investigate"
            )
        }
        if let failure = NightlySnapshot.textFailure(chain) { return failure }
        if let expected, let problem = try NightlySnapshot.digestProblem(EventStore(connection: db), chain, expected) {
            return NightlyFailure(kind: .verificationFailed, message: "\(Field.checkDigest): \(problem)\n  no report was written")
        }
        if let signed, case .failure(let failure) = try NightlySnapshot.checkpointRecord(db, chain, signed) {
            return failure
        }
        guard !verification.differences.isEmpty else { return nil }
        let shown = verification.differences.prefix(20).map { "  \($0)" }
        let more = verification.differences.count > 20 ? ["  … and \(verification.differences.count - 20) more"] : []
        return NightlyFailure(
            kind: .verificationFailed,
            message: FieldMessage((["the read models differ from the log (projections verify), \(verification.differences.count) difference(s):"] + shown + more
                + ["  no report was written and nothing was caught up; run `mcledger projections verify` to see them all and `mcledger audit trail` to investigate, then `mcledger projections rebuild` as a projector login"])
                .joined(separator: "\n"))
        )
    }

    /// The students the rosters name: whose records `rosters.csv` discloses.
    static func students(_ rosters: [CommunityRoster]) -> [PersonID] {
        var ids: [PersonID] = []
        for roster in rosters {
            for member in roster.members where member.role == .student { ids.append(member.person) }
        }
        return ids
    }

    /// An instant as the manifest and `report_runs` write it (ISO 8601, fractional seconds).
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// Why the job stopped without writing a report.
public struct NightlyFailure: Error {
    public enum Kind: Sendable, Equatable {
        /// The chain is broken, a read model differs from the log, or a kept digest no
        /// longer holds.
        case verificationFailed
        /// The log disagrees with the signed checkpoint.
        case logDisagrees
        /// The read models lag the head and this process may not catch them up.
        case projectionsBehind
        /// The folder could not be written.
        case folderUnwritable
        /// The run and its disclosure could not be recorded (``underlying`` says why).
        case notRecorded
    }

    public var kind: Kind
    /// What happened and what to do, for the user, naming the input at fault as a field
    /// (the CLI renders it as its flag).
    public var text: FieldMessage
    /// The error behind it, when another one caused it.
    public var underlying: (any Error)?

    public init(kind: Kind, message: FieldMessage, underlying: (any Error)? = nil) {
        self.kind = kind
        self.text = message
        self.underlying = underlying
    }

    /// The message in words.
    public var message: String { text.description }
}

extension NightlyFailure: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { message }

    /// The message and the cause chain, for logs.
    public var debugDescription: String {
        message + (underlying.map { "\n  caused by: \(String(reflecting: $0))" } ?? "")
    }
}

/// One report written, as mcledger.report_runs records it (schema/005, 008).
struct ReportRun {
    /// The manifest as written; its run record gives the start and finish times.
    var manifest: Manifest
    var folder: String

    /// Records the run through mcledger.record_report_run (schema/008), which sets the
    /// head hash from the log, who recorded it and when; the table takes no direct insert.
    func record(_ db: Connection) throws {
        let now = NightlyJob.timestamp(Date())
        try db.execute("""
            SELECT mcledger.record_report_run($1::date, $2, $3, $4, $5, $6::timestamptz)
            """, [
                manifest.asOf.description, manifest.year.description, manifest.head.position,
                Manifest.sha256(manifest.file().bytes), folder, manifest.run?.startedAt ?? now,
            ])
    }
}
