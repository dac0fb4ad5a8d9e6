import Foundation
import Postgres
import Testing
import TestSupport

/// FERPA 99.32 (issue 15): every output that names students records a RecordsDisclosed
/// event in the transaction that read them, and prints nothing when it cannot.
@Suite struct DisclosureTests {
    static let signature = "mcledger.record_disclosure(text, text, text, jsonb, text, date)"

    /// Runs `mcledger ARGS` as `login`, a member of `role` only.
    func run(_ db: TestDatabase, _ arguments: [String], login: String, role: String) throws -> CLIResult {
        try runCLI(arguments + ["--database", try db.uri(login: login, roles: [role])], environment: ["MCLEDGER_TODAY": "2026-09-01"])
    }

    /// The disclosures recorded, oldest first: login, output, recipient, purpose, scope, students.
    func disclosures(_ db: TestDatabase) throws -> [[String]] {
        try db.withConnection { connection in
            try connection.execute("""
                SELECT login, data->>'output', data->>'recipient', data->>'purpose', data->>'scope', (data->'students')::text,
                       stream, to_char(occurred_on, 'YYYY-MM-DD')
                  FROM mcledger.events WHERE type = 'RecordsDisclosed' ORDER BY position
                """).map { row in (0..<8).map { row.string($0) ?? "" } }
        }
    }

    @Test func aRosterThatNamesStudentsRecordsItsDisclosureFirst() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 6)
            let roster = try run(db, ["roster", "c-latinx", "--as-of", "2026-08-01", "--format", "csv"], login: "disc-ann", role: "mcledger_auditor")
            #expect(roster.status == 0, "\(roster.stderr)")
            #expect(roster.stdout.contains("c-latinx,student,s-1,"))
            let students = "[\"s-1\", \"s-2\", \"s-3\", \"s-4\", \"s-5\", \"s-6\"]"
            #expect(try disclosures(db) == [[
                "disc-ann", "roster", "disc-ann", "99.31(a)(1) school officials with a legitimate educational interest",
                "roster c-latinx --as-of 2026-08-01", students, "disclosures", "2026-09-01",
            ]])
            // A roster without students names no student record: nothing is recorded. The
            // disclosure just recorded changes no read model, so they are not behind.
            let empty = try run(db, ["roster", "c-gen-1"], login: "disc-ann", role: "mcledger_auditor")
            #expect(empty.status == 0, "\(empty.stderr)")
            #expect(!empty.stderr.contains("behind the log"), "\(empty.stderr)")
            #expect(try disclosures(db).count == 1)
            // Another recipient needs a purpose; given one, both are recorded.
            let noPurpose = try run(db, ["roster", "c-latinx", "--recipient", "Dean of Students"], login: "disc-ann", role: "mcledger_auditor")
            #expect(noPurpose.status == 64)
            #expect(noPurpose.stderr.contains("--recipient needs --purpose"), "\(noPurpose.stderr)")
            #expect(noPurpose.stdout.isEmpty)
            #expect(try disclosures(db).count == 1)
            let forDean = try run(db, ["roster", "--recipient", "Dean of Students", "--purpose", "99.31(a)(1) advising review"], login: "disc-ann", role: "mcledger_auditor")
            #expect(forDean.status == 0, "\(forDean.stderr)")
            let last = try disclosures(db).last!
            #expect(Array(last[0...4]) == ["disc-ann", "roster", "Dean of Students", "99.31(a)(1) advising review", "roster (every community)"])

            // audit disclosures lists them, by student and date.
            let listed = try run(db, ["audit", "disclosures", "--student", "s-3", "--format", "json"], login: "disc-ann", role: "mcledger_auditor")
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.contains(#""scope":"roster c-latinx --as-of 2026-08-01""#), "\(listed.stdout)")
            #expect(listed.stdout.contains(#""recipient":"Dean of Students""#))
            let none = try run(db, ["audit", "disclosures", "--student", "s-19"], login: "disc-ann", role: "mcledger_auditor")
            #expect(none.stdout == "No disclosures.\n")
            let later = try run(db, ["audit", "disclosures", "--since", "2026-09-02"], login: "disc-ann", role: "mcledger_auditor")
            #expect(later.stdout == "No disclosures.\n")
            // Listing the record of disclosures is not itself a disclosure.
            #expect(try disclosures(db).count == 2)
            #expect(try ok(db, ["verify"]).hasPrefix("OK:"))
        }
    }

    /// A disclosure that cannot be appended (here: EXECUTE on record_disclosure revoked
    /// from the auditor) prints nothing, exits 77 and leaves the ledger as it was.
    @Test func aDisclosureThatCannotBeRecordedPrintsNothing() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 6)
            try db.withConnection { try $0.simpleQuery("REVOKE EXECUTE ON FUNCTION \(Self.signature) FROM mcledger_auditor") }
            let before = try eventCount(db)
            for arguments in [["roster", "c-latinx"], ["roster", "c-latinx", "--format", "json"], ["audit", "trail", "s-1"], ["person", "record", "s-1"]] {
                let result = try run(db, arguments, login: "disc-bob", role: "mcledger_auditor")
                #expect(result.status == 77, "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
                #expect(result.stderr.contains("may not record a disclosure"), "\(result.stderr)")
            }
            #expect(try eventCount(db) == before)
            // The same reads that name no student need no disclosure, and still work.
            #expect(try run(db, ["roster", "c-gen-1"], login: "disc-bob", role: "mcledger_auditor").status == 0)
            #expect(try run(db, ["audit", "trail", "st-brown"], login: "disc-bob", role: "mcledger_auditor").status == 0)
        }
    }

    @Test func aTrailNamingStudentsIsADisclosureOfTheirRecords() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 6)
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-07-03"])
            try ok(db, ["gathering", "record", "--community", "c-latinx", "--kind", "social", "--hours", "2", "--facilitator", "f-okafor",
                        "--attendee", "s-2", "--attendee", "r-chen", "--on", "2026-08-03"])
            // A student's own trail.
            #expect(try run(db, ["audit", "trail", "s-1"], login: "disc-cy", role: "mcledger_auditor").status == 0)
            // A faculty member's trail names the students of the gatherings they led.
            #expect(try run(db, ["audit", "trail", "f-okafor"], login: "disc-cy", role: "mcledger_auditor").status == 0)
            let recorded = try disclosures(db).map { [$0[1], $0[4], $0[5]] }
            #expect(recorded == [["trail", "audit trail s-1", "[\"s-1\"]"], ["trail", "audit trail f-okafor", "[\"s-2\"]"]])
            // A disclosure is kept for good: it cannot be voided.
            let id = try db.withConnection { try $0.execute("SELECT event_id::text FROM mcledger.events WHERE type = 'RecordsDisclosed' LIMIT 1").first!.string(0)! }
            let correct = try write(db, ["correct", id, "--reason", "oops"])
            #expect(correct.status == 65)
            #expect(correct.stderr.contains("records a disclosure of student records"), "\(correct.stderr)")
        }
    }

    @Test func aStudentsOwnRecordHoldsEveryFactAndIsItselfADisclosure() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 6)
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-07-03"])
            try ok(db, ["meeting", "record", "--community", "c-latinx", "--leader", "f-okafor", "--mode", "individual", "--student", "s-1", "--hours", "1", "--on", "2026-08-02"])
            try ok(db, ["gathering", "record", "--community", "c-latinx", "--kind", "social", "--hours", "2", "--facilitator", "f-okafor",
                        "--attendee", "s-1", "--on", "2026-08-03", "--format", "json"])
            let gathering = try db.withConnection { try $0.execute("SELECT event_id::text, position FROM mcledger.events WHERE type = 'GatheringHeld'").first! }
            try ok(db, ["correct", gathering.string(0)!, "--reason", "wrong day <b>", "--on", "2026-08-04"])
            try ok(db, ["person", "rename", "s-1", "--name", "Ana <Ruiz> & Co", "--reason", "name change on file"])
            #expect(try run(db, ["roster", "c-latinx"], login: "disc-dee", role: "mcledger_auditor").status == 0)

            let record = try write(db, ["person", "record", "s-1"])
            #expect(record.status == 0, "\(record.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(record.stdout.utf8)) as! [String: Any]
            #expect(json["student"] as? String == "s-1")
            #expect(json["name"] as? String == "Ana <Ruiz> & Co")
            let types = (json["events"] as! [[String: Any]]).map { $0["type"] as! String }
            #expect(types == ["PersonRegistered", "StudentJoined", "StudentPlaced", "MeetingHeld", "GatheringHeld", "PersonDetailsChanged"])
            let gatheringEntry = (json["events"] as! [[String: Any]]).first { $0["type"] as? String == "GatheringHeld" }!
            #expect(gatheringEntry["position"] as? Int == Int(gathering.int64(1)!))
            let corrections = json["corrections"] as! [[String: Any]]
            #expect(corrections.map { $0["type"] as! String } == ["EventCorrected"])
            #expect(gatheringEntry["voidedBy"] as? Int == corrections[0]["position"] as? Int)
            let disclosed = (json["disclosures"] as! [[String: Any]]).map { [$0["output"] as! String, $0["recipient"] as! String, $0["purpose"] as! String] }
            #expect(disclosed == [
                ["roster", "disc-dee", "99.31(a)(1) school officials with a legitimate educational interest"],
                ["record", "s-1", "99.10 inspection by the student"],
            ])

            let html = try write(db, ["person", "record", "s-1", "--format", "html"])
            #expect(html.status == 0, "\(html.stderr)")
            #expect(html.stdout.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
            #expect(html.stdout.contains("Ana &lt;Ruiz&gt; &amp; Co"))
            #expect(html.stdout.contains("wrong day &lt;b&gt;"))
            #expect(!html.stdout.contains("<Ruiz>") && !html.stdout.contains("<script"))
            #expect(try disclosures(db).filter { $0[1] == "record" }.count == 2)
        }
    }

    @Test func badInputForARecordIsRefusedAndRecordsNothing() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 1)
            let before = try eventCount(db)
            let unknown = try write(db, ["person", "record", "s-404"])
            #expect(unknown.status == 65)
            #expect(unknown.stderr == "mcledger: student id: no person s-404 is registered; give a registered student's id\n")
            #expect(unknown.stdout.isEmpty)
            let faculty = try write(db, ["person", "record", "f-okafor"])
            #expect(faculty.status == 65)
            #expect(faculty.stderr.contains("f-okafor is registered as faculty, not a student"))
            let malformed = try write(db, ["person", "record", "S 1"])
            #expect(malformed.status == 64)
            let recipient = try write(db, ["person", "record", "s-1", "--recipient", "a parent"])
            #expect(recipient.status == 64)
            #expect(recipient.stderr.contains("--recipient needs --purpose"))
            let control = try write(db, ["person", "record", "s-1", "--purpose", "x\u{1b}[2J"])
            #expect(control.status == 64)
            #expect(control.stderr.contains("--purpose"))
            let format = try write(db, ["person", "record", "s-1", "--format", "pdf"])
            #expect(format.status == 64)
            #expect(try eventCount(db) == before)
        }
    }
}
