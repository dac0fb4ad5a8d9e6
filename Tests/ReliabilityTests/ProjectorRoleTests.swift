import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 12, items 3 and 4: read models written by mcledger_projector alone and checked
/// against the log by `projections verify`; one undecodable event quarantined, never
/// stopping the ledger.
@Suite struct ProjectorRoleTests {
    /// `login` (created for the test, removed after: roles are cluster-wide) holding
    /// `role`, and a CLI target connecting as it.
    func withLogin(_ db: TestDatabase, in role: String, _ body: (String, LedgerTarget) throws -> Void) throws {
        let login = "t_login_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try db.withConnection { try $0.simpleQuery("CREATE ROLE \(login) LOGIN IN ROLE \(role)") }
        defer { _ = try? db.withConnection { try $0.simpleQuery("DROP OWNED BY \(login); DROP ROLE IF EXISTS \(login)") } }
        var target = LedgerTarget(db)
        let user = ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres"
        target.uri = db.uri.replacingOccurrences(of: "://\(user)@", with: "://\(login)@")
        try body(login, target)
    }

    func lags(_ target: LedgerTarget) throws -> [Int] {
        let status = try target.run(["projections", "status", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        return (document?["projectors"] as? [[String: Any]] ?? []).compactMap { $0["lagEvents"] as? Int }
    }

    /// Appends one event through mcledger.append as `role` (nil: the superuser, whom the
    /// registry does not check); returns its position.
    @discardableResult
    /// Appends one event straight through mcledger.append. With `texts` (field → text) the
    /// event is written as the write path writes it since schema/015: schema version 2,
    /// each text committed under "texts" and recorded beside it in the same transaction.
    func appendRaw(_ target: LedgerTarget, as role: String?, stream: String, type: String, data: String, texts: String? = nil, on day: String) throws -> Int64 {
        try target.withConnection { connection in
            try connection.simpleQuery("BEGIN")
            defer { _ = try? connection.simpleQuery("ROLLBACK") }
            if let role { try connection.simpleQuery("SET LOCAL ROLE \(role)") }
            let row: Row
            if let texts {
                row = try connection.execute("""
                    SELECT a.position, a.event_id::text FROM mcledger.append(jsonb_build_array(jsonb_build_object(
                        'stream', $1::text, 'type', $2::text, 'schemaVersion', 2,
                        'data', $3::jsonb || jsonb_build_object('texts', (SELECT jsonb_object_agg(t.key, mcledger.text_commitment(decode(repeat('00', 16), 'hex'), t.value))
                                                                           FROM jsonb_each_text($4::jsonb) t)))),
                        '{}'::jsonb, NULL, NULL, 'mallory', NULL, $5::date, '{}'::jsonb) a
                    """, [stream, type, data, texts, day]).first!
                try connection.execute("""
                    SELECT mcledger.record_texts((SELECT jsonb_agg(jsonb_build_object('eventId', $1::text, 'field', t.key, 'text', t.value, 'salt', repeat('00', 16)))
                                                    FROM jsonb_each_text($2::jsonb) t))
                    """, [row.string(1)!, texts])
            } else {
                let events = #"[{"stream": "\#(stream)", "type": "\#(type)", "data": \#(data)}]"#
                row = try connection.execute(
                    "SELECT position FROM mcledger.append($1::jsonb, '{}'::jsonb, NULL, NULL, 'mallory', NULL, $2::date, '{}'::jsonb)", [events, day]
                ).first!
            }
            let position = row.int64(0)!
            try connection.simpleQuery("COMMIT")
            return position
        }
    }

    @Test func anAdministratorNoLongerWritesReadModelsAndAProjectorCatchesUp() throws {
        try TestDatabase.with { db in
            let admin = LedgerTarget(db)
            try admin.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            try withLogin(db, in: "mcledger_writer") { _, clerk in
                try withLogin(db, in: "mcledger_projector") { _, projector in
                    // The clerk's write lands; the read models wait for a projector.
                    try clerk.ok(["person", "register", "f-okafor", "--name", "Dr. Ada Okafor", "--role", "faculty", "--residency-completed", "2014", "--on", "2026-07-01"])
                    #expect(try lags(clerk) == [1, 1, 1])
                    let roster = try clerk.run(["roster", "c-latinx"])
                    #expect(roster.status == 0)
                    #expect(roster.stderr.contains("the read models are 1 event(s) behind the log"), "\(roster.stderr)")
                    // The clerk may not forge a row, nor catch up.
                    let forged = try clerk.withConnection { connection in
                        Result { try connection.simpleQuery("BEGIN; SET LOCAL ROLE mcledger_writer; UPDATE mcledger.roster_communities_a SET name = 'Forged'") }
                    }
                    guard case .failure(let error as PostgresError) = forged else { Issue.record("the writer updated a read model"); return }
                    #expect(error.code == .insufficientPrivilege)
                    let refused = try clerk.run(["projections", "catch-up"])
                    #expect(refused.status == 65 && refused.stderr.contains("mcledger db grant <login> projector"), "\(refused.stderr)")
                    // With a projector connection configured, the clerk's write catches up there.
                    let appointed = try clerk.run(
                        ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-08-01"],
                        environment: ["MCLEDGER_PROJECTOR_URL": projector.uri]
                    )
                    #expect(appointed.status == 0 && appointed.stderr == "", "\(appointed.stderr)")
                    #expect(try lags(clerk) == [0, 0, 0])
                    #expect(try clerk.run(["roster", "c-latinx"]).stderr == "")
                    // The projector login catches up on its own (what `follow` runs as).
                    try clerk.ok(["training", "complete", "f-okafor", "--hours", "2", "--on", "2026-08-02"])
                    #expect(try lags(clerk) == [1, 1, 1])
                    try projector.ok(["projections", "catch-up"])
                    #expect(try lags(clerk) == [0, 0, 0])
                    // An auditor reads the verification; nothing differs.
                    try withLogin(db, in: "mcledger_auditor") { _, auditor in
                        let verified = try auditor.run(["projections", "verify"])
                        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
                        #expect(verified.stdout.contains("OK: the read models are the log's"))
                    }
                }
            }
            #expect(try admin.verifies())
        }
    }

    @Test func aForgedReadModelRowIsNamedByProjectionsVerifyAndFailsTheNightlyJob() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 4, seated: 3, leader: true)
            #expect(try target.run(["projections", "verify"]).status == 0)
            let forge = { (sql: String) in
                try target.withConnection { connection in
                    try connection.simpleQuery("BEGIN; SET LOCAL ROLE mcledger_projector; \(sql); COMMIT")
                }
            }
            try forge("UPDATE mcledger.roster_communities_a SET name = 'Forged' WHERE community = 'c-latinx'")
            try forge("DELETE FROM mcledger.roster_tenures_a WHERE person = 's-2'")
            let verified = try target.run(["projections", "verify"])
            #expect(verified.status == 1)
            #expect(verified.stdout.contains("DIFFERS: roster_communities [community=c-latinx, epoch_from=NULL]: name stored 'Forged', expected 'Latinx'"), "\(verified.stdout)")
            #expect(verified.stdout.contains("DIFFERS: roster_tenures [community=c-latinx, role=student, person=s-2,"), "\(verified.stdout)")
            #expect(verified.stdout.contains("missing (the log gives this row)"))
            let json = try target.run(["projections", "verify", "--format", "json"])
            let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(document?["ok"] as? Bool == false)
            #expect((document?["differences"] as? [[String: Any]])?.count == 2)

            // The nightly job stops before writing or catching anything up.
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("mcl-forged-\(UUID().uuidString.prefix(8))").path
            let headBefore = try target.fingerprint()
            let nightly = try target.run(["report", "nightly", "--out", out, "--as-of", "2026-10-01"], environment: ["MCLEDGER_TODAY": "2026-10-01"])
            #expect(nightly.status == 1)
            #expect(nightly.stderr.contains("the read models differ from the log"), "\(nightly.stderr)")
            #expect(nightly.stderr.contains("name stored 'Forged', expected 'Latinx'"))
            #expect(!FileManager.default.fileExists(atPath: out + "/2026-10-01"))
            let runs = try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.report_runs").first!.int(0)! }
            #expect(runs == 0)
            #expect(try target.fingerprint() == headBefore)
            let stillForged = try target.withConnection {
                try $0.execute("SELECT name FROM mcledger.roster_communities WHERE community = 'c-latinx'").first?.string(0)
            }
            #expect(stillForged == "Forged", "nothing was caught up or rebuilt")

            // A rebuild from the log replaces the forgery; the job runs again.
            try target.ok(["projections", "rebuild"])
            #expect(try target.run(["projections", "verify"]).status == 0)
            let again = try target.run(["report", "nightly", "--out", out, "--as-of", "2026-10-01"], environment: ["MCLEDGER_TODAY": "2026-10-01"])
            #expect(again.status == 0, "\(again.stderr)")
        }
    }

    @Test func aQuarantinedEventLeavesTheLedgerWritableUntilACorrectionResolvesIt() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 4, seated: 2, leader: true)
            // Keys the registry accepts, a value no reader can decode, through the writer.
            let bad = try appendRaw(
                target, as: "mcledger_writer", stream: "community-c-latinx", type: "HoursLogged",
                data: #"{"community": "c-latinx", "leader": "f-okafor", "hours": "abc"}"#, texts: #"{"activity": "x"}"#, on: "2026-09-01"
            )
            // A type no build knows, as a superuser could.
            let bogus = try appendRaw(target, as: nil, stream: "person-f-diaz", type: "Bogus", data: "{}", on: "2026-09-01")
            let ids = try target.withConnection { connection in
                try connection.execute("SELECT event_id::text FROM mcledger.events WHERE position = ANY($1::bigint[]) ORDER BY position", [TextArrayParameter([String(bad), String(bogus)])])
                    .map { $0.string(0)! }
            }
            // Other streams go on: a write, its catch-up, a rebuild, the nightly report.
            let other = try target.run(["student", "join", "s-3", "--community", "c-gen-1", "--on", "2026-09-02"])
            #expect(other.status == 0 && other.stderr == "", "\(other.stderr)")
            try target.ok(["projections", "rebuild"])
            let status = try target.run(["projections", "status"])
            #expect(status.stdout.contains("Quarantined: 2 event(s) no reader can decode, 2 unresolved (positions \(bad), \(bogus))"), "\(status.stdout)")
            let verify = try target.run(["verify"])
            #expect(verify.status == 0)
            #expect(verify.stdout.contains("WARNING: 2 event(s) cannot be decoded by this build and are quarantined"), "\(verify.stdout)")
            #expect(try target.run(["projections", "verify"]).status == 0)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("mcl-quarantine-\(UUID().uuidString.prefix(8))").path
            let nightly = try target.run(["report", "nightly", "--out", out, "--as-of", "2026-10-01"], environment: ["MCLEDGER_TODAY": "2026-10-01"])
            #expect(nightly.status == 0, "\(nightly.stderr)")

            // A command that reads the stream is refused, naming the event and the way out.
            let blocked = try target.run(["student", "join", "s-4", "--community", "c-latinx", "--on", "2026-09-03"])
            #expect(blocked.status == 65)
            #expect(blocked.stderr.contains("unreadable-event: stream community-c-latinx holds an event this build cannot read, at position \(bad)"), "\(blocked.stderr)")
            #expect(blocked.stderr.contains("mcledger correct \(ids[0]) --reason TEXT"))
            #expect(!blocked.stderr.contains("abc"), "the payload's value is not repeated")

            // The quarantine as stored: no payload, the key at fault.
            let listed = try target.run(["projections", "quarantine", "--format", "json"])
            let document = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
            let rows = document?["quarantined"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["position"] as? Int } == [Int(bad), Int(bogus)])
            #expect(rows.first?["problem"] as? String == "the payload of 'HoursLogged' version 2 does not match its schema at key 'hours'")
            #expect(rows.allSatisfy { $0["resolvedBy"] is NSNull })

            // Resolved by a correction, though the event cannot be decoded.
            let corrected = try target.run(["correct", ids[0], "--reason", "hours were not a number", "--on", "2026-09-04", "--format", "json"])
            #expect(corrected.status == 0, "\(corrected.stderr)")
            let correction = corrected.appendedPositions.first ?? 0
            #expect(try target.count(type: "EventCorrected") == 1)
            let voided = try target.withConnection {
                try $0.execute("SELECT data->>'voidedType' FROM mcledger.events WHERE position = $1", [correction]).first?.string(0)
            }
            #expect(voided == "HoursLogged")
            #expect(try target.run(["correct", ids[0], "--reason", "again", "--on", "2026-09-04"]).status == 65)
            let joined = try target.run(["student", "join", "s-4", "--community", "c-latinx", "--on", "2026-09-05"])
            #expect(joined.status == 0, "\(joined.stderr)")
            let after = try target.run(["projections", "quarantine", "--format", "json"])
            let resolved = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])?["quarantined"] as? [[String: Any]] ?? []
            #expect(resolved.first?["resolvedBy"] as? Int == Int(correction))
            #expect(resolved.last?["resolvedBy"] is NSNull)
            // The other event still holds up its own stream only.
            let diaz = try target.run(["leader", "appoint", "f-diaz", "--community", "c-gen-1", "--on", "2026-09-06"])
            #expect(diaz.status == 65 && diaz.stderr.contains("at position \(bogus) (Bogus"), "\(diaz.stderr)")
            try target.ok(["correct", ids[1], "--reason", "not a mentoring event", "--on", "2026-09-06"])
            try target.ok(["leader", "appoint", "f-diaz", "--community", "c-gen-1", "--on", "2026-09-06"])
            try target.ok(["projections", "rebuild"])
            #expect(try target.run(["projections", "verify"]).status == 0)
            #expect(try target.verifies())
            let total = try target.fingerprint().events
            Tally.report("2 undecodable events quarantined, the ledger writable, resolved by corrections", events: total, lost: 0)
        }
    }

    @Test func aSecondPaymentAppendedRawIsAnAuditAnomalyNamingBothPositions() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 1, leader: true)
            try target.ok(["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500", "--on", "2026-10-05"], actor: "clerk")
            try target.ok(["stipend", "approve", "--community", "c-latinx", "--year", "2026-27", "--on", "2026-10-06", "--waiver", "training in November"], actor: "dean")
            let first = try target.run(["stipend", "pay", "--community", "c-latinx", "--year", "2026-27", "--reference", "PO-1", "--on", "2026-10-07", "--format", "json"], actor: "finance")
            #expect(first.status == 0, "\(first.stderr)")
            let second = try appendRaw(
                target, as: "mcledger_writer", stream: "community-c-latinx", type: "StipendPaid",
                data: #"{"community": "c-latinx", "year": "2026-27", "payee": "f-okafor", "amount": "2500.00"}"#, texts: #"{"reference": "PO-2"}"#, on: "2026-10-08"
            )
            try target.ok(["projections", "catch-up"])
            let audit = try target.run(["audit", "stipends", "--year", "2026-27", "--format", "json"])
            #expect(audit.status == 0)
            #expect(audit.stdout.contains("STP-06"), "\(audit.stdout)")
            #expect(audit.stdout.contains("paid 2 times") && audit.stdout.contains("(position \(first.appendedPositions[0]), by finance)") && audit.stdout.contains("(position \(second), by mallory)"), "\(audit.stdout)")
            #expect(try target.run(["projections", "verify"]).status == 0)
        }
    }
}
