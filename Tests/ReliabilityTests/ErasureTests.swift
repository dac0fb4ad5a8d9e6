import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 15 and guarantee 38 (schema/013): a person's details erased while the chain
/// verifies at every position, shown as [erased] by every reader and after a rebuild,
/// others unaffected; names only for those who need them.
@Suite struct ErasureTests {
    let today = ["MCLEDGER_TODAY": "2027-03-01"]

    func cli(_ target: LedgerTarget, _ arguments: [String], login: String? = nil, roles: [String] = ["mcledger_writer"]) throws -> CLIResult {
        var uri = target.uri
        if let login {
            try target.withConnection { try TestLogins.ensure(login, roles: roles, admin: $0) }
            uri = TestLogins.uri(uri, as: login)
        }
        return try runCLI(arguments + ["--database", uri], environment: today.merging(["MCLEDGER_ACTOR": "registrar"]) { $1 })
    }

    func name(_ target: LedgerTarget, _ person: String) throws -> String? {
        try target.withConnection { try $0.execute("SELECT coalesce(name, 'NULL') FROM mcledger.people WHERE person_id = $1", [person]).first?.string(0) }
    }

    @Test func anErasedPersonIsErasedEverywhereAndTheChainStillVerifies() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 3, seated: 2)
            // Still a member: refused, nothing written.
            let before = try target.fingerprint()
            let open = try cli(target, ["person", "erase", "s-1", "--reason", "asked to be forgotten"])
            #expect(open.status == 65)
            #expect(open.stderr.contains("s-1 is a student of c-latinx since 2026-07-02") && open.stderr.contains("end that membership first"), "\(open.stderr)")
            #expect(try target.fingerprint() == before)
            let noReason = try cli(target, ["person", "erase", "s-3"])
            // `person erase <id> --reason TEXT` (CLI.md): the flag is the syntax's, so a usage error.
            #expect(noReason.status == 64 && noReason.stderr.contains("erasing a person's details needs --reason TEXT"), "\(noReason.stderr)")
            let unknown = try cli(target, ["person", "erase", "s-404", "--reason", "typo"])
            #expect(unknown.status == 65 && unknown.stderr.contains("s-404"), "\(unknown.stderr)")
            #expect(try target.fingerprint() == before)

            #expect(try cli(target, ["student", "leave", "s-1", "--community", "c-latinx", "--on", "2026-12-20"]).status == 0)
            let erased = try cli(target, ["person", "erase", "s-1", "--reason", "asked to be forgotten", "--on", "2027-01-10"])
            #expect(erased.status == 0, "\(erased.stderr)")
            #expect(erased.stdout.contains("PersonDetailsErased"))
            #expect(try name(target, "s-1") == "NULL")
            #expect(try name(target, "s-2") == "Student 2")
            let event = try target.withConnection { try $0.execute("SELECT data::text FROM mcledger.events WHERE type = 'PersonDetailsErased'").first?.string(0) }
            #expect(event == #"{"fields": ["name"], "person": "s-1"}"#)
            #expect(try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.events WHERE data::text LIKE '%Student 1%' OR metadata::text LIKE '%Student 1%'").first!.int(0)! } == 0)

            // Every reader, and a rebuild from position 0, shows the erasure.
            let roster = try target.ok(["roster", "c-latinx", "--as-of", "2026-09-01", "--format", "csv"])
            #expect(roster.contains("s-1,[erased]") && roster.contains("s-2,Student 2"), "\(roster)")
            try target.ok(["projections", "rebuild"])
            let rebuilt = try target.ok(["roster", "c-latinx", "--as-of", "2026-09-01", "--format", "csv"])
            #expect(rebuilt == roster)
            let trail = try target.ok(["audit", "trail", "s-1"])
            #expect(trail.contains("PersonDetailsErased") && trail.contains("asked to be forgotten") && !trail.contains("Student 1"), "\(trail)")
            #expect(try target.verifies())

            // An erasure is done once, and no name comes back.
            #expect(try cli(target, ["person", "erase", "s-1", "--reason", "again"]).stderr.contains("already erased"))
            let rename = try cli(target, ["person", "rename", "s-1", "--name", "Student One"])
            #expect(rename.status == 65 && rename.stderr.contains("erased"), "\(rename.stderr)")
            let eventID = try target.withConnection { try $0.execute("SELECT event_id::text FROM mcledger.events WHERE type = 'PersonDetailsErased'").first!.string(0)! }
            let void = try cli(target, ["correct", eventID, "--reason", "undo"])
            #expect(void.status == 65 && void.stderr.contains("cannot undo"), "\(void.stderr)")
            #expect(try name(target, "s-1") == "NULL")
            Tally.report("a person erased, the chain verified", events: try target.fingerprint().events, lost: 0)
        }
    }

    @Test func anAuditorReadsIdsAndFactsButNoNames() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 3, seated: 2)
            try target.ok(["person", "erase", "s-3", "--reason", "never joined"])
            // Roles outlive a test database: a fresh login, since this test grants it a duty.
            let auditor = "aud-" + UUID().uuidString.prefix(8).lowercased()
            try Postgres.withConnection(try db.configuration(login: auditor, roles: ["mcledger_auditor"])) { connection in
                let denied = #expect(throws: PostgresError.self) { try connection.execute("SELECT name FROM mcledger.people") }
                #expect(denied?.code == .insufficientPrivilege)
                let names = try connection.execute("SELECT person_id, name FROM mcledger.directory ORDER BY person_id").map { "\($0.string(0)!)=\($0.string(1) ?? "-")" }
                #expect(names.contains("s-1=-") && names.contains("s-3=[erased]") && !names.contains { $0.contains("Student") }, "\(names)")
                let roster = try connection.execute("SELECT person, name FROM mcledger.roster_current").map { $0.string(1) }
                #expect(roster.allSatisfy { $0 == nil })
            }
            let auditorRoster = try cli(target, ["roster", "c-latinx", "--format", "csv"], login: auditor, roles: ["mcledger_auditor"])
            #expect(auditorRoster.status == 0 && auditorRoster.stdout.contains("s-1") && !auditorRoster.stdout.contains("Student 1"), "\(auditorRoster.stdout) \(auditorRoster.stderr)")
            // The directory reader duty, beside the auditor's, shows names.
            let granted = try cli(target, ["db", "grant", auditor, "directory-reader"])
            #expect(granted.status == 0, "\(granted.stderr)")
            let named = try cli(target, ["roster", "c-latinx", "--format", "csv"], login: auditor, roles: ["mcledger_auditor"])
            #expect(named.stdout.contains("s-1,Student 1"), "\(named.stdout)")
            Tally.report("names only for the directory reader", events: try target.fingerprint().events, lost: 0)
        }
    }

    @Test func aPurgeErasesGraduatesPastTheRetentionPolicy() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 2)
            var people = "id,name,role,class_of,residency_completed\n"
            for index in 1...4 { people += "g-\(index),Graduate \(index),student,\(2019 + index),\n" }
            try target.ok(["import", "people", try temporaryFile(people), "--on", "2026-07-01"])
            let before = try target.fingerprint()
            let dry = try cli(target, ["person", "purge", "--dry-run", "--graduated-before", "2022"])
            #expect(dry.status == 0 && dry.stdout.hasPrefix("would erase the details of 2 students of class years before 2022"), "\(dry.stdout) \(dry.stderr)")
            #expect(dry.stdout.contains("g-1") && dry.stdout.contains("g-2") && !dry.stdout.contains("g-3"))
            #expect(try target.fingerprint() == before)
            // Default cut: 2027 (today) minus 5 retention years.
            let defaultCut = try cli(target, ["person", "purge", "--dry-run", "--format", "json"])
            #expect(defaultCut.stdout.contains(#""graduatedBefore":2022"#), "\(defaultCut.stdout)")
            let purged = try cli(target, ["person", "purge", "--graduated-before", "2022"])
            #expect(purged.status == 0 && purged.stdout.hasPrefix("erased the details of 2 students"), "\(purged.stdout) \(purged.stderr)")
            #expect(try name(target, "g-1") == "NULL" && name(target, "g-2") == "NULL" && name(target, "g-3") == "Graduate 3")
            // The reason lives beside the log (schema/015), one text for the whole purge.
            let reasons = try target.withConnection {
                try $0.execute("SELECT DISTINCT t.text FROM mcledger.events e JOIN mcledger.event_texts t ON t.event_id = e.event_id AND t.field = 'reason' WHERE e.type = 'PersonDetailsErased'").map { $0.string(0) }
            }
            #expect(reasons == ["retention: graduated before 2022"])
            let again = try cli(target, ["person", "purge", "--graduated-before", "2022"])
            #expect(again.stdout.hasPrefix("erased the details of 0 students"), "\(again.stdout)")
            #expect(try target.verifies())
            Tally.report("a retention purge", events: try target.fingerprint().events, lost: 0)
        }
    }
}
