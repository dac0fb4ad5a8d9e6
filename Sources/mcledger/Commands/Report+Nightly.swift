import ArgumentParser
import EventStore
import Foundation
import Mentoring
import Postgres
import Projections
import Reports

extension Report {
    struct Nightly: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the chain and write the night's report folder from the projections.",
            discussion: """
                Verifies the hash chain (a broken chain fails the job, naming the first bad \
                position, and writes nothing), then writes DIR/<as-of>/: compliance.csv, \
                compliance.json, rosters.csv, stipends.csv, exceptions.csv, summary.html \
                and, last, manifest.json (each file's SHA-256 and row count, the as-of day, \
                the ledger head position and hash). Each written report is recorded in \
                mcledger.report_runs (the head, the manifest's SHA-256, where, when).

                Before anything is caught up, every read model is rebuilt in memory from the \
                verified log and compared with the stored rows (`mcledger projections \
                verify`): a row that differs (a forged finding, an un-paid stipend) fails \
                the job with exit 1, naming it, and nothing is written.

                rosters.csv names students, so the job records a disclosure of their \
                records (RecordsDisclosed: recipient this login or --recipient, purpose \
                --purpose or the policy's disclosure basis) in the same transaction as the \
                run, before the folder is renamed into place: if either cannot be \
                recorded, no folder appears (exit 77 when this login may not record it).

                The files describe one head: the read models are read in the snapshot the \
                chain is verified in, and must be caught up to it. Where the job may write \
                them (a projector connection in $MCLEDGER_PROJECTOR_URL, a projector login, \
                a superuser) it catches them up itself; otherwise, as mcledger_reporter, \
                which may only read them, it stops with exit 75 when they lag (`mcledger \
                projections follow` keeps them caught up).

                The files are built in a hidden folder beside the final one and renamed \
                into place, so a crash never leaves a report that looks complete. The same \
                ledger and the same --as-of give byte-identical files; only the manifest's \
                "run" record (when, which build) changes. Re-running replaces the folder.

                Keep manifest.json outside the database: --check-digest compares today's \
                chain with it and fails (exit 1, nothing written) when history up to its \
                head was rewritten or cut. The files hold ids and facts, never names; \
                summary.html never shows student ids, shows counts of students under the \
                policy's small-cell threshold (5 unless `policy set --small-cell` changed \
                it; --suppress-below N overrides) as "<N", and hides other counts ("—") \
                where a row or column total would reveal a small one, so it may leave the \
                program office.

                With --checkpoint FILE (a signed checkpoint, e.g. the checkpoint job's \
                DIR/latest) and --key PUBKEY, the job checks the checkpoint's signature \
                and that the log it reads agrees with it, and the manifest gains a \
                "checkpoint" object: the report's tree size and base64 Merkle root, the \
                signed note with its size and root, and a consistency proof when the \
                report's tree is larger. `mcledger report verify DIR --key PUBKEY` checks \
                it later without the database.

                Exit status: 0 written; 1 chain broken, a read model differs from the log, \
                or digest mismatch; 2 the log \
                disagrees with the signed checkpoint; 3 the checkpoint cannot be trusted; \
                64 usage; 69 database unavailable; 73 the folder could not be written; 75 \
                the projections lag the head and this role may not catch them up.

                Examples:
                  mcledger report nightly --out /var/lib/mcledger/reports
                  mcledger report nightly --out reports --as-of 2027-07-01 --year 2026-27
                  mcledger report nightly --out reports --check-digest /secure/2027-06-30/manifest.json --suppress-below 5
                  mcledger report nightly --out reports --checkpoint /var/lib/mcledger/checkpoints/latest --key mcledger.example-school.pub
                """
        )

        @Option(help: ArgumentHelp("The folder that receives <as-of>/ (created if missing).", valueName: "dir")) var out: String
        @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge as known on this day (default: today, or $MCLEDGER_TODAY).", valueName: "date"))
        var asOf: String?
        @Option(help: ArgumentHelp("Academic year to report (default: the year of --as-of).", valueName: "yyyy-yy")) var year: String?
        @Option(name: .customLong("check-digest"), help: ArgumentHelp("An earlier manifest.json whose head the chain must still hold.", valueName: "manifest"))
        var checkDigest: String?
        @Option(name: .customLong("suppress-below"), help: ArgumentHelp("In summary.html, show counts of students from 1 to N-1 as \"<N\" and hide others that totals would reveal (default: the policy's small-cell threshold, 5).", valueName: "n"))
        var suppressBelow: Int?
        @Option(help: ArgumentHelp("A signed checkpoint (e.g. the checkpoint job's DIR/latest) the log must agree with; the manifest names it.", valueName: "file"))
        var checkpoint: String?
        @Option(name: .customLong("key"), help: ArgumentHelp("The checkpoint's public key: PEM file, verifier key, or a file of one (repeatable).", valueName: "pubkey"))
        var keys: [String] = []
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var disclosure: DisclosureOptions
        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            _ = try parsedDay(asOf, flag: "--as-of")
            _ = try parsedYear(year)
            if out.isEmpty { throw ValidationError("--out must name a folder") }
            if let suppressBelow, !(2...1000).contains(suppressBelow) {
                throw ValidationError("--suppress-below must be from 2 to 1000 (got \(suppressBelow)); leave it out to show every count")
            }
            if checkpoint != nil && keys.isEmpty { throw ValidationError("--checkpoint needs --key, the public key that signed it") }
            if checkpoint == nil && !keys.isEmpty { throw ValidationError("--key checks a --checkpoint: give the checkpoint file too") }
        }

        func run() throws {
            let started = Date()
            var failure: NightlyFailure?
            // The checkpoint's signature is checked before the database is read (exit 3).
            var signed: KeptCheckpoint?
            if let checkpoint {
                try reportingTrust {
                    let trusted = try trustedKeys(keys)
                    let verified = try SignedCheckpoint(path: checkpoint, keys: trusted)
                    let data = FileManager.default.contents(atPath: checkpoint) ?? Data()
                    signed = KeptCheckpoint(path: checkpoint, checkpoint: verified, text: String(decoding: data, as: UTF8.self))
                }
            }
            try reportingQueryFailures {
                let day = try parsedDay(asOf, flag: "--as-of") ?? ProjectionClock.today()
                let reportYear = try parsedYear(year) ?? day.academicYear
                let expected = try checkDigest.map(readManifest)
                let outcome = try connection.withLedger { db in
                    try Self.snapshot(db, asOf: day, year: reportYear, expected: expected, suppressBelow: suppressBelow, signed: signed)
                }
                let (input, verification, record): (NightlyInput, VerificationReport, Manifest.CheckpointRecord?)
                switch outcome {
                case .success(let value): (input, verification, record) = value
                case .failure(let error): failure = error; return
                }
                let files = NightlyReport.render(input)
                let folder = ReportFolder(parent: URL(fileURLWithPath: out), name: day.description)
                let manifest: Manifest
                do {
                    manifest = try folder.write(files, manifest: { files in
                        Manifest(asOf: day, year: reportYear, head: input.head, files: files, checkpoint: record, run: Manifest.RunRecord(
                            startedAt: Self.timestamp(started), finishedAt: Self.timestamp(Date()), version: MCLedger.configuration.version
                        ))
                    }, commit: { manifest in
                        // rosters.csv names students: its disclosure and the run are recorded
                        // in one transaction before the folder is renamed into place.
                        try connection.withLedger { db in
                            try db.withTransaction { tx in
                                try disclosure.record(
                                    tx, output: .nightly, scope: "report nightly --as-of \(day) --year \(reportYear): rosters.csv",
                                    students: Roster.students(input.rosters)
                                )
                                try ReportRun(manifest: manifest, folder: folder.final.path).record(tx)
                            }
                        }
                    })
                } catch let error as ReportFolder.WriteError {
                    failure = NightlyFailure(status: ReportFolder.exitStatus, message: error.message)
                    return
                } catch let error as ReportFolder.CommitError {
                    let reported = Failure(error.underlying)
                    failure = NightlyFailure(
                        status: reported?.status ?? ExitStatus.software,
                        message: "recording the run and its disclosure failed: \(reported?.text ?? String(describing: error.underlying))\n  no report was written; run it again once the cause is fixed"
                    )
                    return
                }
                print(folder.final.path, manifest, verification, input.findings, signer: signed?.checkpoint.signer.name)
            }
            if let failure {
                printError(failure.message)
                throw ExitCode(failure.status)
            }
        }

        /// Reads the night's input in one snapshot whose read models are at the head it
        /// verified.
        ///
        /// First, before anything is caught up, the chain is verified and every read model
        /// is rebuilt in memory and compared with the stored rows (`projections verify`):
        /// a forged row fails the job, naming it. Then, where this process may write the
        /// read models (``ProjectorAccess``: $MCLEDGER_PROJECTOR_URL, a superuser, a
        /// projector login) it catches them up, and again if a write lands between that and
        /// the snapshot. The reporter may only read them (GUARANTEES 9): when they lag it
        /// stops, since a report must describe the head its manifest names.
        static func snapshot(
            _ db: Connection, asOf: Day, year: AcademicYear, expected: Manifest?, suppressBelow: Int?, signed: KeptCheckpoint? = nil
        ) throws -> Result<(NightlyInput, VerificationReport, Manifest.CheckpointRecord?), NightlyFailure> {
            if let failure = try verifyChainAndReadModels(db, expected: expected, signed: signed) { return .failure(failure) }
            var attempt = 0
            while true {
                attempt += 1
                let caughtUp = try ProjectorAccess.withProjector(db) { projector in
                    try ProjectionRunner(connection: projector, today: ProjectionClock.today()).catchUp(rebuildingWhenFarBehind: true)
                } != nil
                let outcome = try NightlySnapshot.read(db, asOf: asOf, year: year, expected: expected, suppressBelow: suppressBelow, signed: signed)
                guard case .failure(let failure) = outcome, failure.isLag, caughtUp, attempt < 5 else { return outcome }
            }
        }

        /// `verify` (the chain, the kept digest, the signed checkpoint), then `projections
        /// verify`: why the job must stop, or nil when all hold. The snapshot checks the
        /// chain and the digest again at the head it reports.
        static func verifyChainAndReadModels(_ db: Connection, expected: Manifest?, signed: KeptCheckpoint?) throws -> NightlyFailure? {
            let verification = try ReadModelVerifier(connection: db, today: ProjectionClock.today()).verify()
            let chain = verification.chain
            if let bad = chain.firstBadPosition {
                return NightlyFailure(
                    status: ExitStatus.verificationFailed,
                    message: "the hash chain is broken at position \(bad): \(chain.problem ?? "")\n  no report was written; run `mcledger verify` and `mcledger audit trail` to investigate"
                )
            }
            if let failure = NightlySnapshot.textFailure(chain) { return failure }
            if let expected, let problem = try NightlySnapshot.digestProblem(EventStore(connection: db), chain, expected) {
                return NightlyFailure(status: ExitStatus.verificationFailed, message: "--check-digest: \(problem)\n  no report was written")
            }
            if let signed, case .failure(let failure) = try NightlySnapshot.checkpointRecord(db, chain, signed) {
                return failure
            }
            guard !verification.differences.isEmpty else { return nil }
            let shown = verification.differences.prefix(20).map { "  \($0)" }
            let more = verification.differences.count > 20 ? ["  … and \(verification.differences.count - 20) more"] : []
            return NightlyFailure(
                status: ExitStatus.verificationFailed,
                message: (["the read models differ from the log (projections verify), \(verification.differences.count) difference(s):"] + shown + more
                    + ["  no report was written and nothing was caught up; run `mcledger projections verify` to see them all and `mcledger audit trail` to investigate, then `mcledger projections rebuild` as a projector login"])
                    .joined(separator: "\n")
            )
        }

        private func readManifest(_ path: String) throws -> Manifest {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InvalidValue(field: "--check-digest", value: path, message: "cannot read '\(path)'; give the manifest.json kept from an earlier run")
            }
            do {
                return try Manifest.parse(Array(data))
            } catch {
                throw InvalidValue(field: "--check-digest", value: path, message: "'\(path)' is not a report manifest: \(error.message)")
            }
        }

        private func print(_ path: String, _ manifest: Manifest, _ verification: VerificationReport, _ findings: [Finding], signer: String?) {
            let count = { (severity: Severity) in findings.filter { $0.severity == severity }.count }
            switch format {
            case .json:
                var checkpointJSON: [(String, JSONOutput)] = []
                if let record = manifest.checkpoint {
                    checkpointJSON = [("checkpoint", .object([
                        ("treeSize", .int(record.treeSize)), ("root", .string(record.root)),
                        ("signedSize", .int(record.signedSize)), ("signer", .string(signer ?? "")),
                    ]))]
                }
                JSONOutput.object([
                    ("folder", .string(path)),
                    ("asOf", .string(manifest.asOf.description)),
                    ("year", .string(manifest.year.description)),
                    ("head", .object([("position", .int(manifest.head.position)), ("hash", .string(manifest.head.hash))])),
                    ("verified", .int(Int64(verification.checked))),
                    ("files", .array(manifest.files.map { .object([("name", .string($0.name)), ("sha256", .string($0.sha256)), ("rows", .int(Int64($0.rows)))]) })),
                    ("findings", .object([("violation", .int(Int64(count(.violation)))), ("warning", .int(Int64(count(.warning)))), ("advisory", .int(Int64(count(.advisory))))])),
                ] + checkpointJSON).print()
            case .text:
                Terminal.print("Report \(manifest.year) as of \(manifest.asOf) written to \(path)")
                Terminal.print("Chain verified: \(verification.checked) events; head position \(manifest.head.position), hash \(manifest.head.hash)")
                if let record = manifest.checkpoint {
                    Terminal.print("Checkpoint of size \(record.signedSize) (signed by \(signer ?? "?")) holds; the report's tree: size \(record.treeSize), root \(record.root)")
                }
                Terminal.print(textTable(["FILE", "ROWS", "SHA-256"], manifest.files.map { [$0.name, String($0.rows), $0.sha256] }))
                Terminal.print("Findings: \(count(.violation)) violations, \(count(.warning)) warnings, \(count(.advisory)) advisories")
            }
        }

        static func timestamp(_ date: Date) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: date)
        }
    }
}

/// Why the job stopped without writing: a broken chain, a digest that no longer holds,
/// read models behind the head.
struct NightlyFailure: Error {
    var status: Int32
    var message: String
    /// The projections lag the head: a role that may catch them up tries again.
    var isLag = false
}

/// One report written, as mcledger.report_runs records it (schema/005, 008).
struct ReportRun {
    /// The manifest as written; its run record gives the start and finish times.
    var manifest: Manifest
    var folder: String

    /// Records the run through mcledger.record_report_run (schema/008), which sets the
    /// head hash from the log, who recorded it and when; the table takes no direct insert.
    func record(_ db: Connection) throws {
        let now = Report.Nightly.timestamp(Date())
        try db.execute("""
            SELECT mcledger.record_report_run($1::date, $2, $3, $4, $5, $6::timestamptz)
            """, [
                manifest.asOf.description, manifest.year.description, manifest.head.position,
                Manifest.sha256(manifest.file().bytes), folder, manifest.run?.startedAt ?? now,
            ])
    }
}
