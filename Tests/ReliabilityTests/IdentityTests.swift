import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 12, "trust the login, not the flag" (schema/011): the server records the login
/// with every event, the separation of duties compares logins, command ids belong to
/// their login, and no name changes without a fact in the log.
@Suite struct IdentityTests {
    let year = ["--community", "c-latinx", "--year", "2026-27", "--on", "2026-08-01"]

    /// Runs the CLI as `login` (created as an administrator) under the display name `actor`.
    func run(_ target: LedgerTarget, _ arguments: [String], login: String, actor: String) throws -> CLIResult {
        try target.withConnection { try TestLogins.ensure(login, admin: $0) }
        return try runCLI(arguments + ["--database", TestLogins.uri(target.uri, as: login)], environment: ["MCLEDGER_ACTOR": actor])
    }

    @Test func oneLoginUnderThreeNamesCannotRequestApproveAndPayItsOwnStipend() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 6, seated: 6, leader: true)
            let requested = try run(target, ["stipend", "request", "--payee", "f-okafor", "--amount", "2500"] + year, login: "f-c", actor: "F-C")
            #expect(requested.status == 0, "\(requested.stderr)")
            let before = try target.fingerprint()
            let approved = try run(target, ["stipend", "approve", "--waiver", "first year"] + year, login: "f-c", actor: "f-c@school.edu")
            #expect(approved.status == 65)
            #expect(approved.stderr == "mcledger: STP-04: F-C (login f-c) requested this stipend; another person, with their own login, approves it\n", "\(approved.stderr)")
            #expect(try target.fingerprint() == before)
            // Another login approves; the requester's login may not pay under a third name.
            #expect(try run(target, ["stipend", "approve", "--waiver", "first year"] + year, login: "dean", actor: "F-C").status == 0)
            let paid = try run(target, ["stipend", "pay", "--reference", "AP-1"] + year, login: "f-c", actor: "Finance office")
            #expect(paid.status == 65 && paid.stderr.contains("STP-04: F-C (login f-c) requested this stipend"), "\(paid.stderr)")
            #expect(try run(target, ["stipend", "pay", "--reference", "AP-1"] + year, login: "finance", actor: "Finance office").status == 0)
            // Each event carries its login beside the actor, and the chain covers it.
            let rows = try target.withConnection { connection in
                try connection.execute("SELECT type, actor, login FROM mcledger.events WHERE type LIKE 'Stipend%' ORDER BY position").map {
                    "\($0.string(0)!) \($0.string(1)!) \($0.string(2)!)"
                }
            }
            #expect(rows == ["StipendRequested F-C f-c", "StipendApproved F-C dean", "StipendPaid Finance office finance"])
            #expect(try target.verifies())
            Tally.report("one login as requester, approver and payer refused", events: try target.fingerprint().events, lost: 0)
        }
    }

    @Test func aLoginForgedPastTheDecidersShowsInTheAuditAndCannotBeChosen() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 6, seated: 6, leader: true)
            #expect(try run(target, ["stipend", "request", "--payee", "f-okafor", "--amount", "2500"] + year, login: "f-c", actor: "F-C").status == 0)
            // The same login appends an approval straight through mcledger.append, under
            // another name and claiming another login in the metadata it sends.
            try Postgres.withConnection(try db.configuration(login: "f-c")) { connection in
                _ = try connection.execute("""
                    SELECT * FROM mcledger.append(
                        '[{"stream": "community-c-latinx", "type": "StipendApproved",
                           "data": {"community": "c-latinx", "year": "2026-27", "payee": "f-okafor"},
                           "metadata": {"login": "dean"}}]'::jsonb,
                        NULL, NULL, NULL, 'Dean of Students', NULL, '2026-08-01', '{"login": "dean"}'::jsonb)
                    """)
            }
            let login = try target.withConnection { try $0.execute("SELECT login, metadata->>'login' FROM mcledger.events WHERE type = 'StipendApproved'").first }
            #expect(login?.string(0) == "f-c" && login?.string(1) == "f-c")
            try target.ok(["projections", "catch-up"])
            let audit = try target.ok(["audit", "stipends", "--format", "json"])
            #expect(audit.contains("STP-04") && audit.contains("login f-c"), "\(audit)")
            #expect(try target.verifies())
            Tally.report("a forged approval by the requester's login flagged", events: try target.fingerprint().events, lost: 0)
        }
    }

    @Test func anotherLoginCannotPreClaimACommandID() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 2)
            let join = ["student", "join", "s-1", "--community", "c-latinx", "--on", "2026-08-01", "--command-id", "2026-08-01-s-1-joins"]
            // Mallory guesses the id and spends it first, on a write of her own.
            let decoy = try run(target, ["student", "join", "s-2", "--community", "c-latinx", "--on", "2026-08-01", "--command-id", "2026-08-01-s-1-joins"], login: "mallory", actor: "mallory")
            #expect(decoy.status == 0)
            let real = try run(target, join, login: "ann", actor: "ann")
            #expect(real.status == 0 && !real.stderr.contains("already recorded"), "\(real.stdout) \(real.stderr)")
            #expect(try target.count(type: "StudentJoined") == 2)
            let again = try run(target, join, login: "ann", actor: "ann")
            #expect(again.status == 0 && again.stderr.contains("already recorded"), "\(again.stderr)")
            #expect(try target.count(type: "StudentJoined") == 2)
            let owners = try target.withConnection { connection in
                try connection.execute("SELECT login FROM mcledger.commands WHERE command_id = '2026-08-01-s-1-joins' ORDER BY login").map { $0.string(0)! }
            }
            #expect(owners == ["ann", "mallory"])
            Tally.report("a command id pre-claimed by another login", events: try target.fingerprint().events, lost: 0)
        }
    }

    @Test func aNameChangesOnlyWithAFactInTheLog() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 2)
            try Postgres.withConnection(try db.configuration(login: "clerk")) { connection in
                // The writer may no longer touch the directory by hand…
                let update = #expect(throws: PostgresError.self) {
                    try connection.execute("UPDATE mcledger.people SET name = 'Someone Else' WHERE person_id = 's-1'")
                }
                #expect(update?.code == .insufficientPrivilege)
                // …nor through the function without the event that changes the name.
                let registered = try connection.execute("SELECT position FROM mcledger.events WHERE stream = 'person-s-1' ORDER BY position LIMIT 1").first!.int64(0)!
                let bare = #expect(throws: PostgresError.self) {
                    try connection.execute("SELECT mcledger.record_names($1::jsonb)", [#"[{"id": "s-1", "name": "Someone Else", "position": \#(registered)}]"#])
                }
                #expect(bare?.message.contains("no name for s-1 without its event") == true, "\(String(describing: bare))")
            }
            #expect(try target.withConnection { try $0.execute("SELECT name FROM mcledger.people WHERE person_id = 's-1'").first?.string(0) } == "Student 1")
            let renamed = try run(target, ["person", "rename", "s-1", "--name", "Ana Ruiz-Ortega", "--reason", "name change on file"], login: "clerk", actor: "Registrar")
            #expect(renamed.status == 0, "\(renamed.stderr)")
            #expect(renamed.stdout.contains("PersonDetailsChanged"))
            #expect(try target.withConnection { try $0.execute("SELECT name FROM mcledger.people WHERE person_id = 's-1'").first?.string(0) } == "Ana Ruiz-Ortega")
            let same = try run(target, ["person", "rename", "s-1", "--name", "Ana Ruiz-Ortega"], login: "clerk", actor: "Registrar")
            #expect(same.status == 65 && same.stderr.contains("already named so"), "\(same.stderr)")
            let event = try target.withConnection { try $0.execute("SELECT data::text, login, actor FROM mcledger.events WHERE type = 'PersonDetailsChanged'").first }
            #expect(event?.string(0) == #"{"fields": ["name"], "person": "s-1"}"# && event?.string(1) == "clerk" && event?.string(2) == "Registrar")
            try target.ok(["projections", "catch-up"])
            let trail = try target.ok(["audit", "trail", "s-1"])
            #expect(trail.contains("PersonDetailsChanged") && trail.contains("Registrar"), "\(trail)")
            #expect(!trail.contains("Ana Ruiz-Ortega") || trail.contains("name"), "\(trail)")
            let unknown = try run(target, ["person", "rename", "s-99", "--name", "Nobody"], login: "clerk", actor: "Registrar")
            #expect(unknown.status == 65, "\(unknown.stderr)")
            #expect(try target.verifies())
            Tally.report("a name changed only beside its event", events: try target.fingerprint().events, lost: 0)
        }
    }

    @Test func aLoginRewrittenBehindTheTriggersBreaksTheChain() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 2)
            #expect(try run(target, ["student", "join", "s-1", "--community", "c-latinx", "--on", "2026-08-01"], login: "ann", actor: "ann").status == 0)
            let position = try target.withConnection { connection in
                try connection.simpleQuery("ALTER TABLE mcledger.events DISABLE TRIGGER USER")
                let row = try connection.execute("""
                    UPDATE mcledger.events SET metadata = jsonb_set(metadata, '{login}', '"dean"')
                     WHERE position = (SELECT max(position) FROM mcledger.events WHERE login = 'ann') RETURNING position
                    """).first!.int64(0)!
                try connection.simpleQuery("ALTER TABLE mcledger.events ENABLE TRIGGER USER")
                return row
            }
            let verify = try target.run(["verify"])
            #expect(verify.status == 1)
            #expect(verify.stdout.contains("position \(position)") || verify.stderr.contains("position \(position)"), "\(verify.stdout) \(verify.stderr)")
            Tally.report("a login rewritten behind the triggers", events: try target.fingerprint().events, lost: 0)
        }
    }
}
