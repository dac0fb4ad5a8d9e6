import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 12, finding 8 and 9: what the CLI prints cannot drive a terminal or a
/// spreadsheet, errors carry no password and no row, and free text is refused at input
/// when it is too long or holds control characters.
@Suite struct OutputSafetyTests {
    /// Bytes a terminal obeys rather than shows (C0 but line feed and tab, DEL, the C1
    /// CSI in UTF-8, a bidirectional override).
    static func obeyedBytes(_ text: String, allowingCRLF: Bool = false) -> [String] {
        var found: [String] = []
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x0A, 0x09: continue
            case 0x0D where allowingCRLF && index + 1 < bytes.count && bytes[index + 1] == 0x0A: continue
            case 0x00...0x1F, 0x7F: found.append(String(format: "0x%02X at %d", byte, index))
            case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]): found.append("C1 at \(index)")
            default: continue
            }
        }
        if text.unicodeScalars.contains("\u{202E}") { found.append("U+202E") }
        return found
    }

    /// A ledger whose actors and free text were typed with escape sequences before the
    /// CLI refused them: planted behind the triggers, as an old or forged row would be.
    func hostileLedger(_ body: (TestDatabase) throws -> Void) throws {
        try TestDatabase.with { db throws in
            try ok(db, ["community", "establish", "c-latinx", "--name", "Latinx MARKD", "--focus", "latinx", "--on", "2026-07-01"])
            try ok(db, ["person", "register", "f-okafor", "--name", "Dr. Ada Okafor", "--role", "faculty", "--residency-completed", "2014", "--on", "2026-07-01"])
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-07-02"])
            let on = ["--on", "2026-08-01"]
            try ok(db, ["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500", "--reason", "MARKR"] + on, actor: "req-MARKA")
            try ok(db, ["stipend", "approve", "--community", "c-latinx", "--year", "2026-27", "--waiver", "w MARKD"] + on, actor: "app-MARKA")
            try ok(db, ["stipend", "pay", "--community", "c-latinx", "--year", "2026-27", "--reference", "=cmd|' /C calc'!A0 MARKD"] + on, actor: "pay-MARKA")
            let hostile = #"\u001b[2J\u001b]0;owned\u0007\r\u009b31m\u202e"#
            try db.withConnection { connection throws in
                try connection.simpleQuery("""
                    BEGIN;
                    SET LOCAL session_replication_role = replica;
                    UPDATE mcledger.events SET actor = replace(actor, 'MARKA', E'\\x1b[2J\\x1b]0;owned\\x07\\r\\u009b31m\\u202e'),
                           data = replace(data::text, 'MARKD', '\(hostile)')::jsonb,
                           metadata = replace(metadata::text, 'MARKR', '\(hostile)')::jsonb;
                    UPDATE mcledger.people SET name = replace(name, 'MARKN', E'\\x1b[31m');
                    COMMIT;
                    """)
            }
            try ok(db, ["projections", "rebuild"])
            try body(db)
        }
    }

    @Test func everyTextAndCSVPrinterEscapesControlCharacters() throws {
        try hostileLedger { db throws in
            var checked = 0
            for arguments in [
                ["events"], ["events", "--format", "csv"], ["events", "--format", "json"],
                ["audit", "trail", "c-latinx"], ["audit", "trail", "c-latinx", "--format", "csv"], ["audit", "trail", "f-okafor", "--format", "json"],
                ["audit", "stipends"], ["audit", "stipends", "--format", "csv"], ["audit", "stipends", "--format", "json"],
                ["audit", "exceptions"], ["audit", "corrections"], ["roster"], ["roster", "--format", "csv"],
            ] {
                let result = try write(db, arguments)
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
                let csv = arguments.contains("csv")
                #expect(Self.obeyedBytes(result.stdout, allowingCRLF: csv).isEmpty, "\(arguments) printed \(Self.obeyedBytes(result.stdout, allowingCRLF: csv))")
                checked += 1
            }
            // The escapes are visible, and JSON stays JSON with the same values.
            let trail = try write(db, ["audit", "stipends"]).stdout
            #expect(trail.contains(#"\u001b[2J"#), "\(trail)")
            let json = try write(db, ["events", "--format", "json"]).stdout
            let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let actors = (document?["events"] as? [[String: Any]] ?? []).compactMap { $0["actor"] as? String }
            #expect(actors.contains("pay-\u{1B}[2J\u{1B}]0;owned\u{07}\r\u{9B}31m\u{202E}"))
            // CSV: the formula in the reference is neutralised.
            let stipends = try write(db, ["audit", "stipends", "--format", "csv"]).stdout
            #expect(stipends.contains(",'=cmd|"), "\(stipends)")
            #expect(checked == 13)
        }
    }

    @Test func csvNeutralisesLeadingTabAndCarriageReturn() throws {
        try TestDatabase.with { db throws in
            try ok(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            try db.withConnection { connection throws in
                try connection.simpleQuery("""
                    BEGIN; SET LOCAL session_replication_role = replica;
                    UPDATE mcledger.events SET actor = E'\\t=1+1';
                    COMMIT;
                    """)
            }
            let csv = try write(db, ["events", "--format", "csv"]).stdout
            #expect(csv.contains(",'\t=1+1,"), "\(csv)")
            try db.withConnection { connection throws in
                try connection.simpleQuery("""
                    BEGIN; SET LOCAL session_replication_role = replica;
                    UPDATE mcledger.events SET actor = E'\\r-2';
                    COMMIT;
                    """)
            }
            let again = try write(db, ["events", "--format", "csv"]).stdout
            #expect(again.contains(#",'\r-2,"#), "\(again)")
        }
    }

    @Test func connectionErrorsNeverShowThePassword() throws {
        let secret = "s3cr3t-Pa55"
        for uri in [
            "postgres:/mallory:\(secret)@localhost/db",                       // not a URI: libpq quotes it as conninfo
            "postgresql://mallory:\(secret)@localhost:notaport/db",          // a bad port
            "postgresql://mallory:\(secret)@/db?host=/nonexistent/socket",    // nobody there
            "postgresql://mallory:\(secret)@/db?host=/nonexistent&bogus=1",   // an unknown parameter
            "host=/nonexistent user=mallory password=\(secret) dbname=x",    // conninfo
            "host=/nonexistent user=mallory password='\(secret) x' dbname=x", // quoted
            "postgresql://mallory:s3cr3t%2DPa55@/db?host=/nonexistent",      // percent-encoded
        ] {
            let result = try runCLI(["db", "status", "--database", uri])
            #expect(result.status != 0)
            #expect(!result.stderr.contains(secret) && !result.stderr.contains("s3cr3t"), "\(uri) → \(result.stderr)")
            #expect(result.stderr.hasPrefix("mcledger: "), "\(result.stderr)")
        }
    }

    @Test func serverErrorsDoNotQuoteTheFailingRow() throws {
        try TestDatabase.with { db throws in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE public.t (name text CHECK (length(name) < 3), id int UNIQUE)")
                let check = #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO public.t VALUES ('Ada Okafor', 1)") }
                #expect(check?.detail?.contains("Ada Okafor") == true)  // kept for code…
                #expect(check.map { !$0.description.contains("Ada Okafor") } == true, "\(String(describing: check))")  // …never shown
                try connection.execute("INSERT INTO public.t VALUES ('Al', 424242)")
                let unique = #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO public.t VALUES ('Bo', 424242)") }
                // The person reads what it means; the log's form names the key, not its value.
                #expect(unique.map { !$0.description.contains("424242") && $0.description.contains("refused a value") } == true, "\(String(describing: unique))")
                #expect(unique.map { !$0.debugDescription.contains("424242") && $0.debugDescription.contains("Key (id)=(…) already exists") } == true, "\(String(reflecting: unique))")
                #expect(check.map { !$0.debugDescription.contains("Ada Okafor") } == true, "\(String(reflecting: check))")
            }
        }
    }

    @Test func freeTextIsRefusedWhenTooLongOrHoldingControlCharacters() throws {
        try TestDatabase.with { db throws in
            try seedProgram(db)
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-08-01"])
            let before = try eventCount(db)
            let long = String(repeating: "x", count: 2_001)
            let cases: [([String], String, String)] = [
                (["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1", "--activity", long], "--activity", "coordinator"),
                (["gathering", "record", "--community", "c-latinx", "--kind", "social", "--hours", "1", "--facilitator", "f-okafor", "--title", "a\u{1B}[2Jb"], "--title", "coordinator"),
                (["leader", "appoint", "f-diaz", "--community", "c-gen-1", "--exception", "line one\nline two"], "--exception", "coordinator"),
                (["member", "assign", "m-rivera", "--community", "c-latinx", "--dei-approval", "DEI\u{7F}", "--sa-approval", "SA-1"], "--dei-approval", "coordinator"),
                (["member", "assign", "m-rivera", "--community", "c-latinx", "--dei-approval", "DEI-1", "--sa-approval", long], "--sa-approval", "coordinator"),
                (["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500", "--reason", "why\r"], "--reason", "coordinator"),
                (["community", "retire", "c-gen-1", "--reason", long], "--reason", "coordinator"),
                (["person", "retitle", "f-okafor", "--title", "none"], "--actor", "evil\u{1B}]0;x\u{07}"),
            ]
            for (arguments, flag, actor) in cases {
                let result = try write(db, arguments + ["--on", "2026-08-02"], actor: actor)
                #expect(result.status == 65, "\(arguments.prefix(3)): \(result.status) \(result.stderr)")
                #expect(result.stderr.hasPrefix("mcledger: \(flag): "), "\(result.stderr)")
                #expect(result.stderr.count < 400, "the refusal echoes the text: \(result.stderr.count) characters")
                #expect(Self.obeyedBytes(result.stderr).isEmpty)
            }
            // The longest accepted text still goes in.
            try ok(db, ["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1", "--activity", String(repeating: "y", count: 2_000), "--on", "2026-08-02"])
            #expect(try eventCount(db) == before + 1)
        }
    }

    @Test func manyRepeatedFlagsParseQuicklyOrAreRefused() throws {
        try TestDatabase.with { db throws in
            try seedProgram(db)
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-08-01"])
            var arguments = ["gathering", "record", "--community", "c-latinx", "--kind", "social", "--hours", "1", "--facilitator", "f-okafor", "--on", "2026-09-01"]
            for index in 0..<20_000 { arguments += ["--attendee", "s-\(index % 20 + 1)"] }
            let started = Date()
            let result = try write(db, arguments)
            let seconds = Date().timeIntervalSince(started)
            #expect(seconds < 10, "took \(seconds) s")
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("--attendee"), "\(result.stderr)")
        }
    }

    @Test func reportFoldersAreCreatedWithTheirOwnModeWhateverTheUmask() throws {
        try TestDatabase.with { db throws in
            try ok(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-modes-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let out = root.appendingPathComponent("a/b/c").path
            // sh sets a permissive umask, then runs the report.
            let result = try runShell("umask 000; exec \"$0\" \"$@\"", [mcledgerBinary().path, "report", "nightly", "--out", out, "--as-of", "2026-07-02", "--database", db.uri])
            #expect(result.status == 0, "\(result.stderr)")
            for folder in [root.path, root.appendingPathComponent("a").path, root.appendingPathComponent("a/b").path, out, out + "/2026-07-02"] {
                let mode = (try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? NSNumber)?.intValue ?? -1
                #expect(mode == 0o750, "\(folder): \(String(mode, radix: 8))")
            }
        }
    }

    /// A text table pads each cell to its column's width in characters: an actor of
    /// emoji (two UTF-16 units each) or with a combining accent, the widest of its column,
    /// is printed whole, not cut to half its length with a broken character at the end.
    @Test func textTablesPrintWideCharactersWhole() throws {
        try TestDatabase.with { db throws in
            let medals = "🏅🏅🏅🏅🏅🏅🏅"
            let accented = "Jose\u{301} Ana"
            try ok(db, ["person", "register", "s-1", "--name", "Ana", "--role", "student", "--class-of", "2029", "--on", "2026-07-01"], actor: medals)
            try ok(db, ["person", "register", "s-2", "--name", "Bo", "--role", "student", "--class-of", "2029", "--on", "2026-07-01"], actor: accented)
            for (student, actor) in [("s-1", medals), ("s-2", accented)] {
                let trail = try runCLI(["audit", "trail", student, "--database", db.uri])
                #expect(trail.status == 0, "\(trail.stderr)")
                #expect(trail.stdout.contains(actor + "  "), "\(trail.stdout)")
                #expect(!trail.stdout.contains("\u{FFFD}"), "\(trail.stdout)")
            }
        }
    }

    @Test func aPolicyThatWouldDivideByZeroIsRefusedAndTheReportSurvivesOneAnyway() throws {
        try TestDatabase.with { db throws in
            try seedProgram(db)
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-08-01"])
            let zero = try write(db, ["policy", "set", "2026-27", "--leader-hours", "0-0", "--on", "2026-07-01"])
            #expect(zero.status == 65, "\(zero.stderr)")
            #expect(zero.stderr.contains("leader hours maximum must be more than 0"), "\(zero.stderr)")
            let noLeaders = try write(db, ["policy", "set", "2026-27", "--leaders", "0-0", "--on", "2026-07-01"])
            #expect(noLeaders.status == 65, "\(noLeaders.stderr)")
            // One that got in anyway (an old row, a superuser): the report still renders.
            try ok(db, ["policy", "set", "2026-27", "--leader-hours", "1-1", "--on", "2026-07-01"])
            // Appended as the superuser (the registry does not bind it), so the chain holds.
            try db.withConnection { connection throws in
                let stored = try connection.execute("SELECT data->'policy'->>'leaderHoursMaximum' FROM mcledger.events WHERE type = 'PolicySet'").first?.string(0)
                let zeroHours = stored.map { $0.replacingOccurrences(of: "1", with: "0") } ?? "0.00"
                try connection.execute("""
                    SELECT * FROM mcledger.append(
                        (SELECT jsonb_build_array(jsonb_build_object('stream', 'program', 'type', 'PolicySet', 'data',
                            jsonb_set(jsonb_set(data, '{policy,leaderHoursMaximum}', to_jsonb($1::text)), '{policy,leaderHoursMinimum}', to_jsonb($1::text))))
                           FROM mcledger.events WHERE type = 'PolicySet'),
                        '{}'::jsonb, NULL, NULL, 'superuser', NULL, '2026-07-01', '{}'::jsonb)
                    """, [zeroHours])
            }
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-zero-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let report = try runCLI(["report", "nightly", "--out", out.path, "--as-of", "2026-09-01", "--database", db.uri])
            #expect(report.status == 0, "exit \(report.status): \(report.stderr)")
        }
    }
}

/// Runs `/bin/sh -c script arguments…`.
func runShell(_ script: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script] + arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "DATABASE_URL")
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    _ = outData
    return (process.terminationStatus, String(decoding: errData, as: UTF8.self))
}
