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
            for name in Self.dataFiles {
                #expect(try contents(a.appendingPathComponent(name)) == contents(b.appendingPathComponent(name)), "\(name) differs")
            }
            // The manifests differ only in their run record.
            let withoutRun = { (url: URL) in try text(url.appendingPathComponent("manifest.json")).split(separator: "\n").filter { !$0.contains("\"run\"") } }
            #expect(try withoutRun(a) == withoutRun(b))

            let manifest = try Manifest.parse(contents(a.appendingPathComponent("manifest.json")))
            #expect(manifest.files.map(\.name) == Self.dataFiles)
            #expect(manifest.asOf.description == "2027-07-01")
            let head = try db.withConnection { try $0.execute("SELECT position, encode(hash, 'hex') FROM mcledger.ledger_head").first! }
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
            #expect(try runs() == [[String(try head()), Manifest.sha256(manifest), role, out.appendingPathComponent("2027-07-01").path]])

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
            #expect(try runs().last?.first == String(try head()))
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

    @Test func aTruncatedLedgerFailsTheDigestCheck() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            #expect(try nightly(db, out: out).status == 0)
            let kept = try scratchFile(try text(out.appendingPathComponent("2027-07-01/manifest.json")), name: "manifest.json")
            // More events later: the digest still holds.
            try ok(db, ["hours", "log", "f-lee", "--community", "c-gen-1", "--hours", "1", "--activity", "late", "--on", "2027-06-20"])
            let later = try scratchFolder()
            let fine = try nightly(db, out: later, ["--check-digest", kept])
            #expect(fine.status == 0, "\(fine.stderr)")
            // Cut the last three events and move the head back: verify alone passes.
            let head = try db.withConnection { try $0.execute("SELECT position FROM mcledger.ledger_head").first!.int64(0)! }
            // (A careful cut takes the cut events' texts beside the log too: verify would name those.)
            try tamper(db, """
                DELETE FROM mcledger.event_texts WHERE event_id IN (SELECT event_id FROM mcledger.events WHERE position > \(head - 3));
                DELETE FROM mcledger.events WHERE position > \(head - 3);
                UPDATE mcledger.ledger_head SET position = \(head - 3), hash = (SELECT hash FROM mcledger.events WHERE position = \(head - 3));
                """)
            #expect(try cli(db, ["verify"]).status == 0)
            let cut = try nightly(db, out: try scratchFolder(), ["--check-digest", kept])
            #expect(cut.status == 1)
            #expect(cut.stderr.hasPrefix("mcledger: --check-digest: the log ends at position \(head - 3), before the manifest's head \(head - 1) (as of 2027-07-01): events were cut from the history\n"))
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
