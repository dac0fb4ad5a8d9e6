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
            commandName: "nightly",
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
                let today = Today.day()
                let day = try parsedDay(asOf, flag: "--as-of") ?? today
                let job = NightlyJob(
                    asOf: day, year: try parsedYear(year) ?? day.academicYear, output: URL(fileURLWithPath: out),
                    expected: try checkDigest.map(readManifest), suppressBelow: suppressBelow, signed: signed,
                    today: today, version: MCLedger.configuration.version, started: started
                )
                let outcome = try connection.withLedger { db in
                    try job.run(db, catchUp: { db in
                        try ProjectorAccess.withProjector(db) { projector in
                            try ProjectionRunner(connection: projector, today: today).catchUp(rebuildingWhenFarBehind: true)
                        } != nil
                    }, recordDisclosure: { tx, students in
                        try disclosure.record(
                            tx, output: .nightly, scope: "report nightly --as-of \(day) --year \(job.year): rosters.csv", students: students
                        )
                    })
                }
                switch outcome {
                case .success(let report):
                    print(report.folder.path, report.manifest, report.verification, report.findings, signer: signed?.checkpoint.signer.name)
                case .failure(let error):
                    failure = error
                }
            }
            if let failure {
                Failure.log(failure)
                printError(Self.message(failure))
                throw ExitCode(Self.status(failure))
            }
        }

        /// The exit status CLI.md gives each way the job stops.
        static func status(_ failure: NightlyFailure) -> Int32 {
            switch failure.kind {
            case .verificationFailed: ExitStatus.verificationFailed
            case .logDisagrees: ExitStatus.logDisagrees
            case .projectionsBehind: ExitStatus.conflict
            case .folderUnwritable: ExitStatus.cantCreate
            case .notRecorded: failure.underlying.flatMap(Failure.init)?.status ?? ExitStatus.software
            }
        }

        static func message(_ failure: NightlyFailure) -> String {
            guard failure.kind == .notRecorded, let underlying = failure.underlying else { return failure.text.forCLI }
            let reported = Failure(underlying)
            return "\(failure.text.forCLI): \(reported?.text ?? String(describing: underlying))\n  no report was written; run it again once the cause is fixed"
        }

        private func readManifest(_ path: String) throws -> Manifest {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InvalidValue(field: "--check-digest", value: path, message: "cannot read '\(path)'; give the manifest.json kept from an earlier run")
            }
            do {
                return try Manifest.parse(Array(data))
            } catch {
                throw InvalidValue(field: "--check-digest", value: path, message: "'\(path)' is not a report manifest: \(error.message)", underlying: error)
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
    }
}
