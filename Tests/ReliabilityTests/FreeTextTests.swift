import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 15 (schema/015): free text lives beside the log under a salted commitment, so it
/// can be redacted while the chain verifies; every reader shows the redaction; verify
/// names a text altered behind the triggers.
@Suite struct FreeTextTests {
    let environment = ["MCLEDGER_TODAY": "2027-01-04", "MCLEDGER_ACTOR": "registrar"]

    func cli(_ target: LedgerTarget, _ arguments: [String]) throws -> CLIResult {
        try runCLI(arguments + ["--database", target.uri], environment: environment)
    }

    func eventID(_ target: LedgerTarget, _ sql: String) throws -> String {
        try target.withConnection { try $0.execute(sql).first!.string(0)! }
    }

    func texts(_ target: LedgerTarget) throws -> Int {
        try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.event_texts").first!.int(0)! }
    }

    func appointWithException(_ target: LedgerTarget) throws {
        try seedProgram(target, students: 2, seated: 1)
        try target.ok([
            "leader", "appoint", "f-lee", "--community", "c-latinx", "--on", "2026-08-01",
            "--exception", "approved by the dean after Ana R. asked for her", "--reason", "moved at Ana R.'s request after her leave",
        ])
    }

    @Test func aRedactedTextIsGoneEverywhereAndTheChainStillVerifies() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try appointWithException(target)
            let appointed = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'LeaderAppointed'")
            // The log holds commitments only; the texts sit beside it.
            #expect(try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.events WHERE data::text LIKE '%Ana R.%' OR metadata::text LIKE '%Ana R.%'").first!.int(0)! } == 0)
            let stored = try target.withConnection {
                try $0.execute("SELECT schema_version, data ? 'texts', metadata ? 'reasonSha256' FROM mcledger.events WHERE type = 'LeaderAppointed'").first!
            }
            #expect(stored.int(0) == 2 && stored.bool(1) == true && stored.bool(2) == true)
            let exceptions = try target.ok(["audit", "exceptions"])
            #expect(exceptions.contains("approved by the dean after Ana R. asked for her"), "\(exceptions)")
            #expect(try target.verifies())

            let redacted = try cli(target, ["redact", appointed, "--field", "exception", "--reason", "named a student"])
            #expect(redacted.status == 0, "\(redacted.stderr)")
            #expect(redacted.stdout.contains("TextRedacted"))
            let notice = "[redacted 2027-01-04 by registrar: named a student]"
            // At once, in the read models too, and in the rules' own reading (the leader still has an exception).
            let after = try target.ok(["audit", "exceptions"])
            #expect(after.contains(notice) && !after.contains("Ana R."), "\(after)")
            let tenure = try target.withConnection { try $0.execute("SELECT exception FROM mcledger.roster_tenures WHERE person = 'f-lee'").first?.string(0) }
            #expect(tenure == notice)
            let reason = try cli(target, ["redact", appointed, "--field", "reason", "--reason", "named a student"])
            #expect(reason.status == 0, "\(reason.stderr)")
            let trail = try target.ok(["audit", "trail", "f-lee", "--format", "json"])
            #expect(!trail.contains("Ana R.") && trail.contains(notice), "\(trail)")
            let events = try target.ok(["events", "--format", "json"])
            #expect(!events.contains("Ana R.") && events.contains(notice))

            // A rebuild from position 0 shows the same; verify passes at every position.
            try target.ok(["projections", "rebuild"])
            #expect(try target.ok(["audit", "exceptions"]) == after)
            #expect(try target.ok(["audit", "trail", "f-lee", "--format", "json"]) == trail)
            #expect(try target.verifies())
            let head = try target.fingerprint().headPosition
            for from in [1, head - 1, head] {
                #expect(try target.run(["verify", "--from", String(from)]).status == 0)
            }
            #expect(try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.event_texts WHERE text LIKE '%Ana R.%'").first!.int(0)! } == 0)
        }
    }

    @Test func anErasureAndARedactionEachFollowedByARebuildAndAVerify() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 3, seated: 1)
            try target.ok(["person", "erase", "s-3", "--reason", "left the program; asked to be forgotten", "--on", "2026-09-01"])
            try target.ok(["projections", "rebuild"])
            #expect(try target.verifies())
            let trail = try target.ok(["audit", "trail", "s-3"])
            #expect(trail.contains("asked to be forgotten"), "\(trail)")

            let erasure = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'PersonDetailsErased'")
            let redacted = try cli(target, ["redact", erasure, "--field", "reason", "--reason", "too personal"])
            #expect(redacted.status == 0, "\(redacted.stderr)")
            try target.ok(["projections", "rebuild"])
            #expect(try target.verifies())
            let after = try target.ok(["audit", "trail", "s-3"])
            #expect(!after.contains("asked to be forgotten") && after.contains("[redacted 2027-01-04 by registrar: too personal]"), "\(after)")
        }
    }

    @Test func aBadRedactionIsRefusedClearlyAndWritesNothing() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try appointWithException(target)
            try target.ok(["hours", "log", "f-lee", "--community", "c-latinx", "--hours", "1", "--activity", "advising", "--on", "2026-08-02"])
            // An event written before schema/015, its text inline (version 1).
            try target.withConnection { connection in
                _ = try connection.execute("""
                    SELECT * FROM mcledger.append('[{"stream": "community-c-latinx", "type": "HoursLogged", "schemaVersion": 1,
                        "data": {"community": "c-latinx", "leader": "f-lee", "hours": "1.00", "activity": "old inline text"}}]'::jsonb,
                        '{}'::jsonb, NULL, NULL, 'registrar', NULL, '2026-08-03', '{"reason": "an old inline reason"}'::jsonb)
                    """)
            }
            let appointed = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'LeaderAppointed'")
            let logged = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'HoursLogged' AND schema_version = 2")
            let old = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'HoursLogged' AND schema_version = 1")
            #expect(try cli(target, ["redact", appointed, "--field", "exception", "--reason", "named a student"]).status == 0)
            let before = try target.fingerprint()
            let rows = try texts(target)
            let cases: [(arguments: [String], status: Int32, message: String)] = [
                (["redact", "3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60", "--field", "reason", "--reason", "r"], 65, "no event 3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60"),
                (["redact", "not-an-id", "--field", "reason", "--reason", "r"], 65, "is not an event id"),
                (["redact", appointed, "--field", "waiver", "--reason", "r"], 65, "has no field 'waiver'"),
                (["redact", logged, "--field", "reason", "--reason", "r"], 65, "has no reason text"),
                (["redact", appointed, "--field", "exception", "--reason", "r"], 65, "already redacted on 2027-01-04 by registrar"),
                (["redact", old, "--field", "activity", "--reason", "r"], 65, "before schema/015"),
                (["redact", old, "--field", "reason", "--reason", "r"], 65, "before schema/015"),
                (["redact", logged, "--field", "activity"], 64, "needs --reason"),
                (["redact", logged, "--reason", "r"], 64, "--field"),
                (["redact", logged, "--field", "act ivity", "--reason", "r"], 64, "--field"),
            ]
            for entry in cases {
                let result = try cli(target, entry.arguments)
                #expect(result.status == entry.status, "\(entry.arguments): \(result.status) \(result.stderr)")
                #expect(result.stderr.contains(entry.message), "\(entry.arguments): \(result.stderr)")
            }
            #expect(try target.fingerprint() == before)
            #expect(try texts(target) == rows)
            // The old event reads as written, everywhere, and the ledger verifies.
            try target.ok(["projections", "catch-up"])
            #expect(try target.ok(["audit", "trail", "f-lee"]).contains("an old inline reason"))
            #expect(try target.verifies())
        }
    }

    @Test func aTextAlteredOrRemovedBehindTheTriggersIsNamedByVerify() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try appointWithException(target)
            try target.ok(["hours", "log", "f-lee", "--community", "c-latinx", "--hours", "1", "--activity", "advising", "--on", "2026-08-02"])
            let position = try target.withConnection { try $0.execute("SELECT position FROM mcledger.events WHERE type = 'HoursLogged'").first!.int(0)! }
            // The triggers refuse every change but a redaction, even to the owner.
            try target.withConnection { connection in
                for sql in [
                    "UPDATE mcledger.event_texts SET text = 'changed' WHERE field = 'activity'",
                    "DELETE FROM mcledger.event_texts WHERE field = 'activity'",
                    "TRUNCATE mcledger.event_texts",
                ] {
                    let error = #expect(throws: PostgresError.self) { try connection.execute(sql) }
                    #expect(error?.code?.rawValue == "MCL03", "\(sql)")
                }
                try connection.simpleQuery("""
                    ALTER TABLE mcledger.event_texts DISABLE TRIGGER USER;
                    UPDATE mcledger.event_texts SET text = 'changed' WHERE field = 'activity';
                    ALTER TABLE mcledger.event_texts ENABLE TRIGGER USER;
                    """)
            }
            let altered = try target.run(["verify"])
            #expect(altered.status == 1)
            #expect(altered.stdout.contains("position \(position), field activity") && altered.stdout.contains("altered"), "\(altered.stdout)")
            let json = try target.run(["verify", "--format", "json"])
            #expect(json.status == 1 && json.stdout.contains(#""kind":"altered""#) && json.stdout.contains(#""ok":false"#), "\(json.stdout)")

            try target.withConnection { connection in
                try connection.simpleQuery("""
                    ALTER TABLE mcledger.event_texts DISABLE TRIGGER USER;
                    DELETE FROM mcledger.event_texts WHERE field = 'activity';
                    UPDATE mcledger.event_texts SET text = NULL, salt = NULL, redacted_position = 1 WHERE field = 'exception';
                    ALTER TABLE mcledger.event_texts ENABLE TRIGGER USER;
                    """)
            }
            let removed = try target.run(["verify"])
            #expect(removed.status == 1)
            #expect(removed.stdout.contains("field activity") && removed.stdout.contains("missing beside the log"), "\(removed.stdout)")
            #expect(removed.stdout.contains("field exception") && removed.stdout.contains("without a TextRedacted event"), "\(removed.stdout)")
            // Readers do not stop at it: a rebuild reads every event.
            #expect(try target.run(["projections", "rebuild"]).status == 0)
        }
    }

    @Test func theWriterCannotAttachATextTheChainDoesNotCommitTo() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try appointWithException(target)
            let appointed = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'LeaderAppointed'")
            let established = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'CommunityEstablished' LIMIT 1")
            try Postgres.withConnection(try db.configuration(login: "adm-text", roles: ["mcledger_writer"])) { connection in
                let insert = #expect(throws: PostgresError.self) {
                    try connection.execute("INSERT INTO mcledger.event_texts (event_id, field, text, salt) VALUES ($1::uuid, 'title', 'x', '\\x00000000000000000000000000000000')", [established])
                }
                #expect(insert?.code == .insufficientPrivilege)
                for (id, field) in [(established, "title"), (appointed, "exception"), ("3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60", "reason")] {
                    let forged = #expect(throws: PostgresError.self) {
                        try connection.execute(
                            "SELECT mcledger.record_texts($1::jsonb)",
                            [#"[{"eventId": "\#(id)", "field": "\#(field)", "text": "forged", "salt": "00000000000000000000000000000000"}]"#]
                        )
                    }
                    #expect(forged?.code?.rawValue == "MCL04", "\(field)")
                }
                let redaction = #expect(throws: PostgresError.self) {
                    try connection.execute("SELECT mcledger.redact_text($1::uuid, 'exception', 1)", [appointed])
                }
                #expect(redaction?.code?.rawValue == "MCL04")
                // Inline text in a version-2 payload is refused by the registry.
                let inline = #expect(throws: PostgresError.self) {
                    try connection.execute("""
                        SELECT * FROM mcledger.append('[{"stream": "community-c-latinx", "type": "HoursLogged", "schemaVersion": 2,
                            "data": {"community": "c-latinx", "leader": "f-lee", "hours": "1.00", "activity": "inline", "texts": {}}}]'::jsonb,
                            '{}'::jsonb, NULL, NULL, 'mallory', NULL, '2026-08-03', '{}'::jsonb)
                        """)
                }
                #expect(inline?.code?.rawValue == "MCL06" && inline?.message.contains("inline") == true, "\(String(describing: inline))")
            }
            #expect(try target.verifies())
        }
    }

    /// The cut-over (schema/015, section 5): after it, an event of a type whose free text
    /// moved, at the old version 1 with its text inline, appended by hand through
    /// mcledger.append, is refused by the server, naming the version to write; nothing is
    /// written. The version 1 events already in the log still read (upcast) as written.
    @Test func anOldStyleEventWithInlineTextIsRefusedAfterTheCutOver() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try appointWithException(target)
            // An old event, written before the cut-over: its text inline (a restore writes as superuser).
            try target.withConnection { connection in
                _ = try connection.execute("""
                    SELECT * FROM mcledger.append('[{"stream": "community-c-latinx", "type": "HoursLogged", "schemaVersion": 1,
                        "data": {"community": "c-latinx", "leader": "f-lee", "hours": "1.00", "activity": "written before the cut-over"}}]'::jsonb,
                        '{}'::jsonb, NULL, NULL, 'registrar', NULL, '2026-08-03', '{}'::jsonb)
                    """)
            }
            let before = try target.fingerprint()
            let attacker = "adm-old-" + UUID().uuidString.prefix(8).lowercased()
            let forged: [(type: String, field: String, data: String)] = [
                ("HoursLogged", "activity", #"{"community": "c-latinx", "leader": "f-lee", "hours": "1.00", "activity": "moved at Ana R.'s request"}"#),
                ("GatheringHeld", "title", #"{"community": "c-latinx", "kind": "book-club", "hours": "2.00", "facilitator": "f-lee", "attendees": ["s-1"], "title": "Ana R.'s leave"}"#),
                ("LeaderAppointed", "exception", #"{"community": "c-latinx", "leader": "f-lee", "exception": "Ana R. asked"}"#),
                ("StipendPaid", "reference", #"{"community": "c-latinx", "year": "2026-27", "payee": "f-lee", "amount": "2500.00", "reference": "AP-1 Ana R."}"#),
                ("CommunityRetired", "reason", #"{"community": "c-latinx", "reason": "Ana R. left"}"#),
            ]
            try Postgres.withConnection(try db.configuration(login: attacker, roles: ["mcledger_writer"])) { connection in
                for event in forged {
                    let refused = #expect(throws: PostgresError.self) {
                        try connection.execute(
                            "SELECT * FROM mcledger.append(jsonb_build_array(jsonb_build_object('stream', 'community-c-latinx', 'type', $1::text, 'schemaVersion', 1, 'data', $2::jsonb)), '{}'::jsonb, NULL, NULL, 'mallory', NULL, '2026-08-04', '{}'::jsonb)",
                            [event.type, event.data]
                        )
                    }
                    #expect(refused?.code?.rawValue == "MCL06", "\(event.type): \(String(describing: refused))")
                    #expect(refused?.message == "a \(event.type) event at schema version 1 with its \(event.field) inline is no longer written: since schema/015 that text lives beside the log; append schema version 2, committed under \"texts\"",
                            "\(event.type): \(refused?.message ?? "")")
                }
            }
            #expect(try target.fingerprint() == before)
            // The old event reads as written, and the ledger verifies.
            try target.ok(["projections", "catch-up"])
            let listed = try target.ok(["events", "--stream", "community-c-latinx", "--format", "json"])
            #expect(listed.contains("written before the cut-over"), "\(listed)")
            #expect(try target.verifies())
        }
    }

    /// A student's own record (`person record`) and `audit trail` show each text beside
    /// the log, then its redaction notice; an auditor sees neither text nor reason.
    @Test func aStudentsRecordAndTrailShowTextsAndTheirRedaction() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 2, seated: 1)
            try target.ok(["student", "join", "s-2", "--community", "c-latinx", "--on", "2026-08-01", "--reason", "moved at Ana R.'s request"])
            let record = try cli(target, ["person", "record", "s-2", "--format", "json"])
            #expect(record.status == 0 && record.stdout.contains(#""reason":"moved at Ana R.'s request""#), "\(record.stdout) \(record.stderr)")
            #expect(try target.ok(["audit", "trail", "s-2"]).contains("reason: moved at Ana R.'s request"))
            let joined = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE type = 'StudentPlaced' AND stream = 'person-s-2'")
            #expect(try cli(target, ["redact", joined, "--field", "reason", "--reason", "named a student"]).status == 0)
            let notice = "[redacted 2027-01-04 by registrar: named a student]"
            let after = try cli(target, ["person", "record", "s-2", "--format", "json"])
            #expect(after.status == 0 && after.stdout.contains(notice) && !after.stdout.contains("Ana R."), "\(after.stdout)")
            let html = try cli(target, ["person", "record", "s-2", "--format", "html"])
            #expect(html.status == 0 && html.stdout.contains(notice) && !html.stdout.contains("Ana R."), "\(html.stdout)")
            let trail = try target.ok(["audit", "trail", "s-2", "--format", "json"])
            #expect(trail.contains(notice) && !trail.contains("Ana R."), "\(trail)")
            // An auditor: the notice without its reason, no text.
            let auditor = "aud-txt-" + UUID().uuidString.prefix(8).lowercased()
            let uri = try db.uri(login: auditor, roles: ["mcledger_auditor"])
            let audited = try runCLI(["audit", "trail", "s-2", "--format", "json", "--database", uri], environment: environment)
            #expect(audited.status == 0 && audited.stdout.contains("[redacted 2027-01-04 by registrar]") && !audited.stdout.contains("named a student"),
                    "\(audited.stdout) \(audited.stderr)")
            #expect(try target.verifies())
        }
    }

    /// Any texts, any redactions in any order: verify passes, and every reader agrees
    /// with what was written or redacted, before and after a rebuild.
    @Test func anyTextsAndAnyRedactionOrderVerifyAndReadersAgree() throws {
        var generator = SeededGenerator.announced("free text and redactions")
        let alphabet = Array("aZ 09\"\\/'é€😀{}:,<>&")
        func text() -> String {
            "x" + String((0..<Int.random(in: 0...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }) + "x"
        }
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 2, seated: 1, leader: true)
            var written: [(position: Int, field: String, text: String)] = []
            for day in 1...5 {
                let activity = text()
                let reason = Bool.random(using: &generator) ? text() : nil
                try target.ok(["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1", "--activity", activity,
                               "--on", "2026-08-0\(day)"] + (reason.map { ["--reason", $0] } ?? []))
                let position = try target.withConnection { try $0.execute("SELECT max(position) FROM mcledger.events").first!.int(0)! }
                written.append((position, "activity", activity))
                if let reason { written.append((position, "reason", reason)) }
            }
            written.shuffle(using: &generator)
            let redacted = written.prefix(Int.random(in: 0...written.count, using: &generator))
            for entry in redacted {
                let id = try eventID(target, "SELECT event_id::text FROM mcledger.events WHERE position = \(entry.position)")
                let result = try cli(target, ["redact", id, "--field", entry.field, "--reason", "r\(entry.position)"])
                #expect(result.status == 0, "\(result.stderr)")
            }
            #expect(try target.verifies())
            let shown = try target.withConnection { connection in
                try connection.execute("SELECT e.position, s.field, s.text FROM mcledger.event_texts_shown s JOIN mcledger.events e USING (event_id)")
                    .map { "\($0.int(0)!)/\($0.string(1)!)=\($0.string(2)!)" }
            }
            for entry in written {
                let isRedacted = redacted.contains { $0.position == entry.position && $0.field == entry.field }
                let expected = isRedacted ? "[redacted 2027-01-04 by registrar: r\(entry.position)]" : entry.text
                #expect(shown.contains("\(entry.position)/\(entry.field)=\(expected)"), "\(entry) in \(shown)")
            }
            let trail = try target.ok(["audit", "trail", "c-latinx", "--format", "json"])
            try target.ok(["projections", "rebuild"])
            #expect(try target.ok(["audit", "trail", "c-latinx", "--format", "json"]) == trail)
            #expect(try target.verifies())
        }
    }
}
