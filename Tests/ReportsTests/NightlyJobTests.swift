import Foundation
import Reports
import Testing
import TestSupport

/// `mcledger report nightly` run as the built binary against a real database.
@Suite struct NightlyJobTests {
    static let dataFiles = ["compliance.csv", "compliance.json", "rosters.csv", "stipends.csv", "exceptions.csv", "summary.html"]

    @Test func aReRunIsByteIdenticalAndTheManifestHashesTheFiles() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let first = try scratchFolder(), second = try scratchFolder()
            let one = try nightly(db, out: first)
            #expect(one.status == 0, "\(one.stderr)")
            #expect(one.stdout.hasPrefix("Report 2026-27 as of 2027-07-01 written to \(first.path)/2027-07-01\n"))
            let two = try nightly(db, out: second)
            #expect(two.status == 0, "\(two.stderr)")
            let a = first.appendingPathComponent("2027-07-01"), b = second.appendingPathComponent("2027-07-01")
            let names = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
            #expect(names == (Self.dataFiles + ["manifest.json"]).sorted())
            // Each run records its disclosure of rosters.csv after the snapshot it read, so a
            // re-run reads a head one event later (that disclosure): the CSV files are
            // identical, compliance.json and summary.html differ only in the head they name,
            // and the manifests only in the head, those two digests and the run record.
            let named = ["compliance.json", "summary.html"]
            for name in Self.dataFiles where !named.contains(name) {
                #expect(try contents(a.appendingPathComponent(name)) == contents(b.appendingPathComponent(name)), "\(name) differs")
            }
            for name in named {
                let withoutHead = { (url: URL) in
                    try text(url.appendingPathComponent(name)).split(separator: "\n").filter { !$0.contains("head-position") && !$0.contains("\"position\"") && !$0.contains("\"hash\"") }
                }
                #expect(try withoutHead(a) == withoutHead(b), "\(name) differs beyond its head")
            }
            let manifest = try Manifest.parse(contents(a.appendingPathComponent("manifest.json")))
            let again = try Manifest.parse(contents(b.appendingPathComponent("manifest.json")))
            #expect(again.head.position == manifest.head.position + 1)
            #expect(manifest.files.filter { !named.contains($0.name) }.map(\.sha256) == again.files.filter { !named.contains($0.name) }.map(\.sha256))
            let between = try db.withConnection {
                try $0.execute("SELECT type, data->>'output' FROM mcledger.events WHERE position = $1", [manifest.head.position + 1]).first!
            }
            #expect(between.string(0) == "RecordsDisclosed" && between.string(1) == "nightly")

            #expect(manifest.files.map(\.name) == Self.dataFiles)
            #expect(manifest.asOf.description == "2027-07-01")
            let head = try db.withConnection {
                try $0.execute("SELECT position, encode(hash, 'hex') FROM mcledger.events WHERE position = (SELECT position - 2 FROM mcledger.ledger_head)").first!
            }
            #expect(manifest.head.position == head.int64(0))
            #expect(manifest.head.hash == head.string(1))
            for entry in manifest.files {
                let bytes = try contents(a.appendingPathComponent(entry.name))
                #expect(Manifest.sha256(bytes) == entry.sha256, "\(entry.name)")
                #expect(bytes.count == entry.bytes)
            }
            #expect(manifest.files.map(\.rows) == [manifest.files[0].rows, manifest.files[0].rows, 12, 1, 1, 2])

            // Re-running into the same folder replaces it whole and leaves no hidden folder.
            #expect(try nightly(db, out: first).status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: first.path) == ["2027-07-01"])
        }
    }

    @Test func theFilesHoldTheYearWithoutNames() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            #expect(try nightly(db, out: out).status == 0)
            let folder = out.appendingPathComponent("2027-07-01")
            let rosters = try text(folder.appendingPathComponent("rosters.csv"))
            #expect(rosters.hasPrefix("community,name,focus,role,person,since,until,exception\r\nc-gen-1,General =1,general,leader,f-lee,2026-07-15,,chief resident; teaching award\r\n"))
            #expect(!rosters.contains("Okafor") && !rosters.contains("Student 1"))
            let stipends = try text(folder.appendingPathComponent("stipends.csv"))
            #expect(stipends.contains(",2027-05-20,finance,2500.00,'=AP-1,"))
            let compliance = try text(folder.appendingPathComponent("compliance.csv"))
            #expect(compliance.contains("2026-27,2027-07-01,OBL-03,c-gen-1,,violation,"))
            #expect(compliance.contains("2026-27,2027-07-01,COM-03,c-gen-1,,violation,"))
            #expect(!compliance.contains(",c-latinx,"))
            let exceptions = try text(folder.appendingPathComponent("exceptions.csv"))
            #expect(exceptions.contains("leader-exception,c-gen-1,f-lee,,2026-07-15,,chief resident; teaching award,"))
        }
    }

    /// GUARANTEES 9: the reporter reads the projections and writes only its record of runs.
    /// It reports when they are at the head, and refuses (75, nothing written) when they
    /// lag; a writer's run catches them up itself. Each written report is one row.
    @Test func theReporterOnlyReadsTheProjectionsAndRecordsEachRun() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let role = "t_reporter_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            try db.withConnection { try $0.simpleQuery("CREATE ROLE \(role) LOGIN IN ROLE mcledger_reporter") }
            defer { _ = try? db.withConnection { try $0.simpleQuery("DROP OWNED BY \(role); DROP ROLE IF EXISTS \(role)") } }
            let asReporter = ["--database", "postgresql://\(role)@" + db.uri.split(separator: "@", maxSplits: 1)[1]]
            func runs() throws -> [[String]] {
                try db.withConnection { connection in
                    try connection.execute("SELECT head_position::text, manifest_sha256, recorded_by, folder FROM mcledger.report_runs ORDER BY run").map { row in
                        (0..<4).map { row.string($0) ?? "" }
                    }
                }
            }
            let head = { try db.withConnection { try $0.execute("SELECT position FROM mcledger.ledger_head").first!.int64(0)! } }

            let out = try scratchFolder()
            let first = try runCLI(["report", "nightly", "--out", out.path, "--as-of", "2027-07-01", "--year", "2026-27"] + asReporter, environment: ["MCLEDGER_TODAY": "2027-07-10"])
            #expect(first.status == 0, "\(first.stderr)")
            let manifest = try contents(out.appendingPathComponent("2027-07-01/manifest.json"))
            // The run describes the head it read; its disclosure of rosters.csv is the next event.
            #expect(try runs() == [[String(try head() - 1), Manifest.sha256(manifest), role, out.appendingPathComponent("2027-07-01").path]])

            // An event appended without the write path's catch-up leaves the projections behind.
            try db.withConnection { connection in
                try connection.execute("""
                    SELECT * FROM mcledger.append('[{"stream": "community-c-latinx", "type": "HoursLogged", "data": {"activity": "advising", "community": "c-latinx", "hours": "1.00", "leader": "f-okafor"}}]'::jsonb,
                                                  '{}'::jsonb, NULL, NULL, 'coordinator', NULL, '2027-06-01', '{}'::jsonb)
                    """)
            }
            let lagging = try scratchFolder()
            let refused = try runCLI(["report", "nightly", "--out", lagging.path, "--as-of", "2027-07-01", "--year", "2026-27"] + asReporter, environment: ["MCLEDGER_TODAY": "2027-07-10"])
            #expect(refused.status == 75)
            #expect(refused.stderr.contains("the projections are behind the ledger head \(try head())"), "\(refused.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: lagging.path).isEmpty)
            #expect(try runs().count == 1)

            // Run as the writer (here the test's superuser), the job catches them up itself.
            let caughtUp = try nightly(db, out: lagging)
            #expect(caughtUp.status == 0, "\(caughtUp.stderr)")
            #expect(try runs().count == 2)
            #expect(try runs().last?.first == String(try head() - 1))
        }
    }

    /// GUARANTEES 37: a report with student ids (rosters.csv) appends its disclosure (who,
    /// when, which students, purpose) in the transaction that records the run; when that
    /// append fails no folder is written and no run recorded. A later run as the reporter
    /// is not held up by the disclosures since the last catch-up.
    @Test func theReportsDisclosureIsRecordedWithItsRunOrNoFileIsWritten() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let role = "t_disclosing_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            try db.withConnection { try $0.simpleQuery("CREATE ROLE \(role) LOGIN IN ROLE mcledger_reporter") }
            defer { _ = try? db.withConnection { try $0.simpleQuery("DROP OWNED BY \(role); DROP ROLE IF EXISTS \(role)") } }
            let asReporter = ["--database", "postgresql://\(role)@" + db.uri.split(separator: "@", maxSplits: 1)[1]]
            let count = { (sql: String) in try db.withConnection { try $0.execute(sql).first!.int64(0)! } }
            let nightlyArguments = { (out: URL) in ["report", "nightly", "--out", out.path, "--as-of", "2027-07-01", "--year", "2026-27"] + asReporter }

            let out = try scratchFolder()
            let first = try runCLI(nightlyArguments(out) + ["--purpose", "99.31(a)(1) program committee review"], environment: ["MCLEDGER_TODAY": "2027-07-10"])
            #expect(first.status == 0, "\(first.stderr)")
            let manifest = try Manifest.parse(contents(out.appendingPathComponent("2027-07-01/manifest.json")))
            let disclosure = try db.withConnection {
                try $0.execute("""
                    SELECT position, login, data->>'recipient', data->>'purpose', data->>'scope', (data->'students')::text,
                           data->>'output', (SELECT run FROM mcledger.report_runs WHERE head_position = $1), xmin::text = (SELECT xmin::text FROM mcledger.report_runs WHERE head_position = $1)
                      FROM mcledger.events WHERE type = 'RecordsDisclosed'
                    """, [manifest.head.position]).first!
            }
            #expect(disclosure.int64(0) == manifest.head.position + 1)
            #expect(disclosure.string(1) == role && disclosure.string(2) == role)
            #expect(disclosure.string(3) == "99.31(a)(1) program committee review")
            #expect(disclosure.string(4) == "report nightly --as-of 2027-07-01 --year 2026-27: rosters.csv")
            #expect(disclosure.string(5) == "[\"s-1\", \"s-2\", \"s-3\", \"s-4\", \"s-5\", \"s-6\", \"s-7\", \"s-8\"]")
            #expect(disclosure.string(6) == "nightly")
            #expect(disclosure.int64(7) != nil)
            // One transaction wrote both: the same transaction id on the event and the run.
            #expect(disclosure.bool(8) == true)

            // The reporter may run again although the disclosure moved the head past the read models.
            let second = try runCLI(nightlyArguments(try scratchFolder()), environment: ["MCLEDGER_TODAY": "2027-07-10"])
            #expect(second.status == 0, "\(second.stderr)")

            // Make the append fail for real: this database's reporter may no longer record one.
            try db.withConnection { try $0.simpleQuery("REVOKE EXECUTE ON FUNCTION mcledger.record_disclosure(text, text, text, jsonb, text, date) FROM mcledger_reporter") }
            let events = try count("SELECT count(*) FROM mcledger.events"), runs = try count("SELECT count(*) FROM mcledger.report_runs")
            let refusedOut = try scratchFolder()
            let refused = try runCLI(nightlyArguments(refusedOut), environment: ["MCLEDGER_TODAY": "2027-07-10"])
            #expect(refused.status == 77, "\(refused.stderr)")
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.contains("no report was written"), "\(refused.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: refusedOut.path).isEmpty)
            #expect(try count("SELECT count(*) FROM mcledger.events") == events)
            #expect(try count("SELECT count(*) FROM mcledger.report_runs") == runs)
        }
    }

    /// The committee summary suppresses small counts by the policy's threshold (5 unless
    /// set), complements them, and says so; `--suppress-below` overrides the policy.
    @Test func theSummarySuppressesSmallCellsByThePolicy() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            #expect(try nightly(db, out: out).status == 0)
            let summary = try text(out.appendingPathComponent("2027-07-01/summary.html"))
            // c-gen-1 has 2 students, none met: its not-met count and its total read "<5".
            #expect(summary.contains("<tr><th>c-gen-1</th><td class=\"num\">0</td><td class=\"num\">&lt;5</td><td class=\"num\">&lt;5</td></tr>"), "\(summary)")
            #expect(summary.contains("Counts of students below 5 are shown as &lt;5; some other counts are hidden (—) so totals cannot reveal them."))
            #expect(!summary.contains("data-metric=\"c-gen-1-students\">2<"))

            try ok(db, ["policy", "set", "2026-27", "--small-cell", "2", "--on", "2026-07-01"])
            let shown = try cli(db, ["policy", "show", "2026-27", "--format", "json"])
            #expect(shown.stdout.contains(#""small-cell":"2 (aggregate counts of 1 to 1 students are shown as <2)""#), "\(shown.stdout)")
            let lower = try scratchFolder()
            #expect(try nightly(db, out: lower).status == 0)
            let relaxed = try text(lower.appendingPathComponent("2027-07-01/summary.html"))
            #expect(relaxed.contains("data-metric=\"c-gen-1-students\">2<"), "\(relaxed)")
            let overridden = try scratchFolder()
            #expect(try nightly(db, out: overridden, ["--suppress-below", "7"]).status == 0)
            let strict = try text(overridden.appendingPathComponent("2027-07-01/summary.html"))
            #expect(strict.contains("data-metric=\"c-latinx-students\">&lt;7<"), "\(strict)")
        }
    }

    @Test func aTamperedLedgerFailsTheJobAndWritesNothing() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            try tamper(db, "UPDATE mcledger.events SET data = jsonb_set(data, '{hours}', '\"9.00\"') WHERE position = (SELECT min(position) FROM mcledger.events WHERE type = 'GatheringHeld')")
            let bad = try db.withConnection { try $0.execute("SELECT min(position) FROM mcledger.events WHERE type = 'GatheringHeld'").first!.int64(0)! }
            let out = try scratchFolder()
            let result = try nightly(db, out: out)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("mcledger: the hash chain is broken at position \(bad): "))
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        }
    }

    /// The job's verify step checks the texts beside the log as `mcledger verify` does
    /// (schema/015): a text altered behind the triggers fails the run closed, naming the
    /// event and field, and no file is written.
    @Test func aTextAlteredBehindTheTriggersFailsTheJobAndWritesNothing() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            try ok(db, ["hours", "log", "f-lee", "--community", "c-gen-1", "--hours", "1", "--activity", "advising", "--on", "2027-06-20"])
            let position = try db.withConnection {
                try $0.execute("SELECT max(position) FROM mcledger.events WHERE type = 'HoursLogged'").first!.int64(0)!
            }
            try tamper(db, """
                UPDATE mcledger.event_texts SET text = 'advising Ana R. after her leave'
                 WHERE field = 'activity' AND event_id = (SELECT event_id FROM mcledger.events WHERE position = \(position))
                """)
            let verified = try cli(db, ["verify"])
            #expect(verified.status == 1 && verified.stdout.contains("position \(position), field activity"), "\(verified.stdout)")
            let out = try scratchFolder()
            let result = try nightly(db, out: out)
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("mcledger: a text beside the log does not match the log's commitments:\n  TEXT MISMATCH at position \(position), field activity: "), "\(result.stderr)")
            #expect(result.stderr.contains("altered behind the triggers") && result.stderr.contains("no report was written"), "\(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        }
    }

    @Test func aTruncatedLedgerFailsTheDigestCheck() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            #expect(try nightly(db, out: out).status == 0)
            let keptText = try text(out.appendingPathComponent("2027-07-01/manifest.json"))
            let kept = try scratchFile(keptText, name: "manifest.json")
            let keptHead = try Manifest.parse(Array(keptText.utf8)).head.position
            // More events later: the digest still holds.
            try ok(db, ["hours", "log", "f-lee", "--community", "c-gen-1", "--hours", "1", "--activity", "late", "--on", "2027-06-20"])
            let later = try scratchFolder()
            let fine = try nightly(db, out: later, ["--check-digest", kept])
            #expect(fine.status == 0, "\(fine.stderr)")
            // Cut back to two events before the kept head and move the head: verify alone passes.
            // (A careful cut takes the cut events' texts beside the log too: verify would name those.)
            let cutTo = keptHead - 2
            try tamper(db, """
                DELETE FROM mcledger.event_texts WHERE event_id IN (SELECT event_id FROM mcledger.events WHERE position > \(cutTo));
                DELETE FROM mcledger.events WHERE position > \(cutTo);
                UPDATE mcledger.ledger_head SET position = \(cutTo), hash = (SELECT hash FROM mcledger.events WHERE position = \(cutTo));
                """)
            #expect(try cli(db, ["verify"]).status == 0)
            let cut = try nightly(db, out: try scratchFolder(), ["--check-digest", kept])
            #expect(cut.status == 1)
            #expect(cut.stderr.hasPrefix("mcledger: --check-digest: the log ends at position \(cutTo), before the manifest's head \(keptHead) (as of 2027-07-01): events were cut from the history\n"))
        }
    }

    @Test func aConsistentRewriteFailsTheDigestCheck() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            #expect(try nightly(db, out: out).status == 0)
            let kept = out.appendingPathComponent("2027-07-01/manifest.json").path
            try tamper(db, """
                UPDATE mcledger.events SET data = jsonb_set(data, '{hours}', '"9.00"') WHERE position = 40;
                DO $$
                DECLARE r record; prev bytea;
                BEGIN
                    SELECT hash INTO prev FROM mcledger.events WHERE position = 39;
                    FOR r IN SELECT * FROM mcledger.events WHERE position >= 40 ORDER BY position LOOP
                        prev := sha256(prev || convert_to(mcledger.canonical_form(r.position, r.stream, r.version, r.event_id,
                            r.type, r.schema_version, r.occurred_on, r.recorded_at, r.actor, r.command_id, r.correlation_id,
                            r.data, r.metadata), 'UTF8'));
                        UPDATE mcledger.events SET hash = prev WHERE position = r.position;
                    END LOOP;
                    UPDATE mcledger.ledger_head SET hash = prev;
                END $$;
                """)
            #expect(try cli(db, ["verify"]).status == 0)
            let rewritten = try nightly(db, out: try scratchFolder(), ["--check-digest", kept])
            #expect(rewritten.status == 1)
            #expect(rewritten.stderr.contains("--check-digest: history up to position "))
        }
    }

    @Test func aCrashMidWriteLeavesNoFinalFolder() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            let crashed = try nightly(db, out: out, environment: ["MCLEDGER_REPORT_CRASH_AFTER": "stipends.csv"])
            #expect(crashed.status != 0)
            let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
            #expect(!left.contains("2027-07-01"))
            #expect(left.allSatisfy { $0.hasPrefix(".2027-07-01.partial-") })
            // The next run writes the report and clears what the crash left.
            #expect(try nightly(db, out: out).status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["2027-07-01"])
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2027-07-01/manifest.json").path))
        }
    }

    @Test func badArgumentsAreUsageErrors() throws {
        try TestDatabase.with { db in
            let out = try scratchFolder().path
            #expect(try cli(db, ["report", "nightly", "--out", out, "--as-of", "2027-02-30"]).status == 64)
            #expect(try cli(db, ["report", "nightly", "--out", out, "--suppress-below", "1"]).status == 64)
            let missing = try cli(db, ["report", "nightly", "--out", out, "--check-digest", "/nonexistent/manifest.json"])
            #expect(missing.status == 65)
            #expect(missing.stderr.hasPrefix("mcledger: --check-digest: cannot read '/nonexistent/manifest.json'"))
        }
    }
}
