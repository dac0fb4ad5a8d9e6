import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// Every role against every operation on every table, view and function of schema
/// mcledger, enumerated from the catalog so a new object is covered the day it lands.
///
/// The expected grants are those schema/001–009 decided, written out here by hand:
/// the writer appends only through mcledger.append() and keeps the read models and the
/// people directory; the reporter reads the read models and records its report runs
/// only through mcledger.record_report_run() (GUARANTEES 9, schema/008); the auditor
/// reads the log, the event-type registry, the directory, the views and the report runs,
/// and no projection base table. schema/007 adds the Merkle tree and the checkpoints,
/// which every role reads and only the owner's functions (mcledger.merkle_extend,
/// mcledger.record_checkpoint, run by the writer) write. schema/012 gives the read
/// models, their checkpoints, generation pointers and the quarantine to
/// mcledger_projector alone (the writer keeps SELECT); the projector reads the log like
/// the reporter. A login holding no ledger role (`nobody`, made per test: roles are
/// cluster-wide) may do nothing at all. schema/014 lets the writer, the auditor and
/// the reporter record a disclosure of student records through
/// mcledger.record_disclosure(), which appends only RecordsDisclosed on its own stream.
@Suite struct SecurityMatrixTests {
    static let ledgerRoles = ["mcledger_owner", "mcledger_writer", "mcledger_auditor", "mcledger_reporter", "mcledger_projector", "mcledger_directory_reader"]
    static let tablePrivileges = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"]

    enum Kind { case log, directory, projectionState, projectionRows, quarantine, reportRuns, evidence, view, other }

    /// What a relation is, by the naming rule of schema/003's grant loop.
    static func kind(_ name: String, relkind: String) -> Kind {
        if relkind == "v" { return .view }
        switch name {
        // Free text beside the log (schema/015): read like the log, written only through
        // mcledger.record_texts and mcledger.redact_text.
        case "events", "ledger_head", "commands", "schema_migrations", "event_types", "event_texts": return .log
        case "people": return .directory
        case "report_runs": return .reportRuns
        case "merkle_nodes", "checkpoints": return .evidence
        case "projection_generations", "projection_checkpoints", "projection_leads": return .projectionState
        case "projection_quarantine": return .quarantine
        default:
            let projection = ["projection_", "roster_", "compliance_", "audit_"].contains { name.hasPrefix($0) }
            return projection ? .projectionRows : .other
        }
    }

    /// The privileges `role` must hold on the relation: exactly these, no more.
    static func expected(_ role: String, _ name: String, _ kind: Kind) -> Set<String> {
        if role == "mcledger_owner" { return Set(tablePrivileges) }
        if !ledgerRoles.contains(role) { return [] }
        // Names, and nothing else (schema/013).
        if role == "mcledger_directory_reader" { return name == "people" || name == "directory" ? ["SELECT"] : [] }
        if role == "mcledger_projector" {
            switch kind {
            case .log: return ["events", "ledger_head", "schema_migrations"].contains(name) ? ["SELECT"] : []
            case .projectionState: return ["SELECT", "INSERT", "UPDATE"]
            case .projectionRows: return ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]
            case .quarantine: return ["SELECT", "INSERT", "DELETE"]
            case .view: return name == "directory" ? [] : ["SELECT"]
            case .directory, .reportRuns, .evidence, .other: return []
            }
        }
        switch (kind, role) {
        case (.log, "mcledger_reporter") where name == "commands": return []
        // Free text may name a student (schema/015): the auditor reads what
        // event_texts_shown shows it ('[withheld]', redaction notices), not the table.
        case (.log, "mcledger_auditor") where name == "event_texts": return []
        case (.log, _): return ["SELECT"]
        // Names are written only through mcledger.record_names, beside their event (schema/011).
        // An auditor reads ids, not names (schema/013): the directory view hides them.
        case (.directory, "mcledger_auditor"): return []
        case (.directory, _): return ["SELECT"]
        case (.projectionState, "mcledger_auditor"), (.projectionRows, "mcledger_auditor"), (.quarantine, "mcledger_auditor"): return []
        case (.projectionState, _), (.projectionRows, _), (.quarantine, _): return ["SELECT"]
        case (.reportRuns, _): return ["SELECT"]
        case (.evidence, _): return ["SELECT"]
        case (.view, _): return ["SELECT"]
        case (.other, _): return []
        }
    }

    static func expectedExecute(_ role: String, _ function: String) -> Bool {
        if !ledgerRoles.contains(role) { return false }
        if role == "mcledger_projector" { return ["may_read_names", "may_read_texts", "shown_text"].contains(function) }
        return switch (function, role) {
        case (_, "mcledger_owner"): true
        case ("may_read_names", _), ("may_read_texts", _), ("shown_text", _): true
        case (_, "mcledger_directory_reader"): false
        case ("append", "mcledger_writer"), ("record_names", "mcledger_writer"), ("erase_details", "mcledger_writer"): true
        case ("append_bulk", "mcledger_writer"): true
        case ("record_texts", "mcledger_writer"), ("redact_text", "mcledger_writer"): true
        case ("text_commitment", _), ("text_commitments", _): true
        // schema/015: the auditor checks texts against their commitments without reading them.
        case ("text_problems", _), ("texts_checked", _): true
        case ("record_report_run", "mcledger_writer"), ("record_report_run", "mcledger_reporter"): true
        case ("merkle_extend", "mcledger_writer"), ("record_checkpoint", "mcledger_writer"): true
        // schema/014: every role that reads student records records their disclosure.
        case ("record_disclosure", "mcledger_writer"), ("record_disclosure", "mcledger_auditor"), ("record_disclosure", "mcledger_reporter"): true
        case ("netstring", _), ("canonical_form", _), ("canonical_date", _), ("canonical_time", _): true
        default: false
        }
    }

    struct Relation { var name: String; var relkind: String; var kind: Kind; var firstColumn: String }

    static func relations(_ connection: Connection) throws -> [Relation] {
        try connection.execute("""
            SELECT c.relname, c.relkind::text,
                   (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                       AND a.attidentity = '' AND a.attgenerated = '' ORDER BY a.attnum LIMIT 1)
              FROM pg_class c WHERE c.relnamespace = 'mcledger'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             ORDER BY c.relname
            """).map { row in
            Relation(name: row.string(0)!, relkind: row.string(1)!, kind: kind(row.string(0)!, relkind: row.string(1)!), firstColumn: row.string(2) ?? "x")
        }
    }

    /// A ledger with events, command ids, a name and projected rows, so that row
    /// triggers have rows to fire on; `roles` are the ledger's and a login with no grants.
    func seeded(_ body: (TestDatabase, Connection, _ roles: [String]) throws -> Void) throws {
        let nobody = "t_nobody_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try TestDatabase.with { db in
            try db.withConnection { try $0.simpleQuery("CREATE ROLE \(nobody) LOGIN") }
            defer { _ = try? db.withConnection { try $0.simpleQuery("DROP OWNED BY \(nobody); DROP ROLE IF EXISTS \(nobody)") } }
            let target = LedgerTarget(db)
            try target.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01", "--command-id", "est-1"])
            try target.ok(["person", "register", "f-okafor", "--name", "Dr. Ada Okafor", "--role", "faculty", "--residency-completed", "2014", "--on", "2026-07-01"])
            try target.ok(["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-08-01"])
            // Free text that names a person (schema/015): beside the log, read like a name.
            try target.ok(["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1", "--activity", "office hours with Dr. Ada Okafor",
                           "--on", "2026-08-02", "--reason", "Dr. Ada Okafor asked"])
            try target.ok(["projections", "catch-up"])
            try db.withConnection { try body(db, $0, Self.ledgerRoles + [nobody]) }
        }
    }

    /// Runs `sql` as `role` in a transaction that is always rolled back; returns the
    /// SQLSTATE it failed with, or nil when it ran.
    static func attempt(_ connection: Connection, as role: String, _ sql: String) -> String? {
        do {
            try connection.simpleQuery("BEGIN")
            defer { _ = try? connection.simpleQuery("ROLLBACK") }
            try connection.simpleQuery("SET LOCAL ROLE \(role)")
            try connection.simpleQuery(sql)
            return nil
        } catch let error as PostgresError {
            return error.code?.rawValue ?? "?"
        } catch {
            return "?"
        }
    }

    @Test func theCatalogGrantsExactlyWhatTheSchemaDecided() throws {
        try seeded { _, connection, roles in
            let relations = try Self.relations(connection)
            #expect(relations.contains { $0.name == "events" } && relations.contains { $0.kind == .view })
            #expect(relations.contains { $0.kind == .quarantine })
            var checked = 0
            var wrong: [String] = []
            for relation in relations {
                for role in roles {
                    let want = Self.expected(role, relation.name, relation.kind)
                    for privilege in Self.tablePrivileges {
                        let has = try connection.execute(
                            "SELECT has_table_privilege($1, ('mcledger.' || quote_ident($2))::regclass, $3)", [role, relation.name, privilege]
                        ).first!.bool(0)!
                        checked += 1
                        if has != want.contains(privilege) { wrong.append("\(role) \(has ? "has" : "lacks") \(privilege) on \(relation.name)") }
                    }
                }
            }
            // Sequences (report_runs' identity) are the owner's alone: an identity column
            // draws from its sequence without the inserting role holding any privilege on it.
            let sequences = try connection.execute("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'mcledger'::regnamespace AND c.relkind = 'S'").map { $0.string(0)! }
            #expect(sequences.contains("report_runs_run_seq"))
            for sequence in sequences {
                for role in roles {
                    for privilege in ["USAGE", "SELECT", "UPDATE"] {
                        let has = try connection.execute("SELECT has_sequence_privilege($1, 'mcledger.' || quote_ident($2), $3)", [role, sequence, privilege]).first!.bool(0)!
                        checked += 1
                        if has != (role == "mcledger_owner") { wrong.append("\(role) \(has ? "has" : "lacks") \(privilege) on \(sequence)") }
                    }
                }
            }
            let functions = try connection.execute("""
                SELECT p.oid::regprocedure::text, p.proname FROM pg_proc p WHERE p.pronamespace = 'mcledger'::regnamespace ORDER BY 1
                """).map { ($0.string(0)!, $0.string(1)!) }
            #expect(functions.contains { $0.1 == "append" })
            for (signature, name) in functions {
                for role in roles {
                    let has = try connection.execute("SELECT has_function_privilege($1, $2::regprocedure, 'EXECUTE')", [role, signature]).first!.bool(0)!
                    checked += 1
                    if has != Self.expectedExecute(role, name) { wrong.append("\(role) \(has ? "may" : "may not") EXECUTE \(signature)") }
                }
            }
            #expect(wrong.isEmpty, "\(wrong)")
            print("reliability: catalog privileges: \(checked) role × object × privilege pairs checked")
        }
    }

    @Test func everyRoleIsRefusedEveryForbiddenOperationAndTheLedgerIsUnchanged() throws {
        try seeded { db, connection, roles in
            let target = LedgerTarget(db)
            let before = try target.fingerprint()
            let relations = try Self.relations(connection)
            var tried = 0
            var wrong: [String] = []
            func refuse(_ role: String, _ sql: String, _ codes: Set<String>) {
                tried += 1
                let code = Self.attempt(connection, as: role, sql)
                if code == nil || !codes.contains(code!) { wrong.append("\(role): \(sql) → \(code ?? "ran")") }
            }
            let denied: Set<String> = ["42501"]
            // Views are refused by privilege, or before privileges are looked at because
            // none of them is automatically updatable (55000) or truncatable (42809); the
            // catalog test shows no role but the owner holds a write privilege on one.
            let viewDenied: Set<String> = ["42501", "55000", "42809"]
            for relation in relations {
                let name = "mcledger.\"\(relation.name)\""
                let column = "\"\(relation.firstColumn)\""
                let statements = [
                    "SELECT": "SELECT 1 FROM \(name) LIMIT 1",
                    "INSERT": "INSERT INTO \(name) DEFAULT VALUES",
                    "UPDATE": "UPDATE \(name) SET \(column) = NULL",
                    "DELETE": "DELETE FROM \(name)",
                    "TRUNCATE": "TRUNCATE \(name)",
                ]
                for role in roles {
                    let allowed = Self.expected(role, relation.name, relation.kind)
                    if role == "mcledger_owner" {
                        // The owner holds every privilege; the log's triggers refuse it instead.
                        // (The seeded tree and checkpoints are empty, so only TRUNCATE fires there.)
                        let triggers: [String: [String]] = [
                            "events": ["UPDATE", "DELETE", "TRUNCATE"], "commands": ["UPDATE", "DELETE", "TRUNCATE"], "ledger_head": ["DELETE", "TRUNCATE"],
                            "merkle_nodes": ["TRUNCATE"], "checkpoints": ["TRUNCATE"],
                        ]
                        for operation in triggers[relation.name] ?? [] { refuse(role, statements[operation]!, ["MCL03"]) }
                        continue
                    }
                    for (operation, sql) in statements.sorted(by: { $0.key < $1.key }) where !allowed.contains(operation) {
                        refuse(role, sql, relation.kind == .view ? viewDenied : denied)
                    }
                    let isView = relation.kind == .view
                    refuse(role, "ALTER \(isView ? "VIEW" : "TABLE") \(name) RENAME TO zz_renamed", denied)
                    refuse(role, "DROP \(isView ? "VIEW" : "TABLE") \(name)", denied)
                    if isView {
                        refuse(role, "CREATE OR REPLACE VIEW \(name) AS SELECT 1 AS x", denied)
                    } else {
                        refuse(role, "ALTER TABLE \(name) ADD COLUMN zz_extra int", denied)
                        refuse(role, "ALTER TABLE \(name) DISABLE TRIGGER ALL", denied)
                        refuse(role, "CREATE TRIGGER zz_trigger BEFORE INSERT ON \(name) FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_change()", denied)
                    }
                }
            }
            let functions = try connection.execute("""
                SELECT p.oid::regprocedure::text, p.proname FROM pg_proc p WHERE p.pronamespace = 'mcledger'::regnamespace ORDER BY 1
                """).map { ($0.string(0)!, $0.string(1)!) }
            for role in roles where role != "mcledger_owner" {
                for (signature, _) in functions {
                    refuse(role, "ALTER FUNCTION \(signature) SECURITY INVOKER", denied)
                    refuse(role, "ALTER FUNCTION \(signature) RESET ALL", denied)
                }
                refuse(role, "CREATE TABLE mcledger.zz_new (x int)", denied)
                refuse(role, "CREATE FUNCTION mcledger.sha256(bytea) RETURNS bytea LANGUAGE sql AS 'SELECT $1'", denied)
            }
            for role in roles {
                refuse(role, "CREATE TABLE public.zz_new (x int)", denied)
                refuse(role, "CREATE SCHEMA zz_schema", denied)
                refuse(role, "SET session_replication_role = replica", denied)
            }
            let appendCall = """
                SELECT * FROM mcledger.append('[{"stream": "s", "type": "Forged", "data": {}}]'::jsonb, '{}'::jsonb, NULL, NULL, 'mallory', NULL, '2026-11-26', '{}'::jsonb)
                """
            // record_disclosure appends one RecordsDisclosed and nothing else; a forged
            // RecordsDisclosed elsewhere, or another type on its stream, is refused (schema/014).
            let misplaced: Set<String> = ["MCL06"]
            refuse("mcledger_writer", """
                SELECT * FROM mcledger.append('[{"stream": "person-s-1", "type": "RecordsDisclosed", "data": {"recipient": "x", "purpose": "x", "scope": "x", "students": ["s-1"], "output": "roster"}}]'::jsonb, '{}'::jsonb, NULL, NULL, 'mallory', NULL, '2026-11-26', '{}'::jsonb)
                """, misplaced)
            refuse("mcledger_writer", """
                SELECT * FROM mcledger.append('[{"stream": "disclosures", "type": "YearClosed", "data": {"year": "2026-27"}}]'::jsonb, '{}'::jsonb, NULL, NULL, 'mallory', NULL, '2026-11-26', '{}'::jsonb)
                """, misplaced)
            for role in ["mcledger_writer", "mcledger_auditor", "mcledger_reporter"] {
                refuse(role, "SELECT mcledger.record_disclosure('x', 'x', 'x', '[]'::jsonb, 'roster', NULL)", ["MCL04"])
                refuse(role, "SELECT mcledger.record_disclosure('x', 'x', 'x', '[\"S-1; DROP\"]'::jsonb, 'roster', NULL)", ["MCL04"])
                refuse(role, "SELECT mcledger.record_disclosure('x', 'x', 'x', '[\"s-1\"]'::jsonb, 'export', NULL)", ["MCL04"])
                refuse(role, "SELECT mcledger.record_disclosure(E'x\\u001b[2J', 'x', 'x', '[\"s-1\"]'::jsonb, 'roster', NULL)", ["MCL04"])
            }
            // schema/016: a hand-made bulk append is checked whole; a wrong hash, or a
            // login not the session's under a hash that holds, is refused.
            let bulkCall = { (login: String, hash: String) in """
                SELECT * FROM mcledger.append_bulk(ARRAY(
                    SELECT ROW(h.position + 1, 'person-s-forged', 1, x.id, 'PersonRegistered', 1, x.data, x.meta, \(hash))::mcledger.bulk_event
                      FROM mcledger.ledger_head h,
                           (SELECT gen_random_uuid() AS id, '{"person": "s-forged", "role": "student"}'::jsonb AS data,
                                   jsonb_build_object('login', \(login)) AS meta) x),
                    '{}'::jsonb, NULL, NULL, 'mallory', NULL, DATE '2026-11-26', now())
                """ }
            let chainHash = """
                sha256(h.hash || convert_to(mcledger.canonical_form(h.position + 1, 'person-s-forged', 1, x.id, 'PersonRegistered', 1,
                    DATE '2026-11-26', now(), 'mallory', NULL, NULL, x.data, x.meta), 'UTF8'))
                """
            refuse("mcledger_writer", bulkCall("session_user", "sha256('x')"), ["MCL04"])
            refuse("mcledger_writer", bulkCall("'someone-else'", chainHash), ["MCL04"])
            for role in ["mcledger_auditor", "mcledger_reporter", "mcledger_projector", roles.last!] {
                refuse(role, appendCall, denied)
                refuse(role, bulkCall("session_user", chainHash), denied)
                refuse(role, "INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data, actor, occurred_on, recorded_at, hash) SELECT 99, 's', 1, gen_random_uuid(), 'Forged', 1, '{}', 'mallory', now(), now(), sha256('x')", denied)
            }
            // The writer's only way in is the function; a forged row is refused.
            refuse("mcledger_writer", "INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data, actor, occurred_on, recorded_at, hash) SELECT 99, 's', 1, gen_random_uuid(), 'Forged', 1, '{}', 'mallory', now(), now(), sha256('x')", denied)
            #expect(wrong.isEmpty, "\(wrong.count) operations not refused as expected: \(wrong)")
            #expect(try target.fingerprint() == before)
            #expect(try EventStore(connection: connection).verify().isIntact)
            #expect(try target.verifies())
            print("reliability: security matrix: \(tried) forbidden operations tried, \(relations.count) relations, \(functions.count) functions")
            Tally.report("security matrix, \(tried) forbidden operations", events: before.events, lost: before.events - (try target.fingerprint().events))
        }
    }

    @Test func theAuditorReadsEveryViewAndNoProjectionTable() throws {
        try seeded { _, connection, _ in
            let relations = try Self.relations(connection)
            for relation in relations {
                let code = Self.attempt(connection, as: "mcledger_auditor", "SELECT * FROM mcledger.\"\(relation.name)\" LIMIT 5")
                switch relation.kind {
                case .log where relation.name == "event_texts":
                    #expect(code == "42501", "the auditor reads the texts beside the log")
                case .view, .log, .reportRuns, .evidence:
                    #expect(code == nil, "the auditor cannot read \(relation.name): \(code ?? "")")
                case .directory, .projectionState, .projectionRows, .quarantine, .other:
                    #expect(code == "42501", "the auditor reads \(relation.name)")
                }
            }
            // The views show what was projected, read as the auditor.
            try connection.simpleQuery("BEGIN")
            defer { _ = try? connection.simpleQuery("ROLLBACK") }
            try connection.simpleQuery("SET LOCAL ROLE mcledger_auditor")
            let leaders = try connection.execute("SELECT person FROM mcledger.roster_tenures WHERE community = 'c-latinx' AND role = 'leader'").map { $0.string(0)! }
            #expect(leaders == ["f-okafor"])
        }
    }

    /// Issue 15: the auditor reads no name by any table, view or function, and free text
    /// (which may hold one) only as '[withheld]'; it still checks every text against its
    /// commitment. The writer and a login with the directory reader duty read the text.
    @Test func theAuditorReadsNoNameOrTextByAnyRelationOrFunction() throws {
        try seeded { db, connection, _ in
            let relations = try Self.relations(connection)
            var leaks: [String] = []
            var read = 0
            for relation in relations {
                let sql = "SELECT count(*) FROM mcledger.\"\(relation.name)\" t WHERE t::text LIKE '%Ada Okafor%'"
                if Self.attempt(connection, as: "mcledger_auditor", "SELECT 1 FROM mcledger.\"\(relation.name)\" LIMIT 1") != nil { continue }
                read += 1
                try connection.simpleQuery("BEGIN")
                defer { _ = try? connection.simpleQuery("ROLLBACK") }
                try connection.simpleQuery("SET LOCAL ROLE mcledger_auditor")
                if let count = try connection.execute(sql).first?.int64(0), count > 0 { leaks.append(relation.name) }
            }
            #expect(read > 20, "the auditor read only \(read) relations")
            #expect(leaks.isEmpty, "the auditor reads a name or a text naming one in \(leaks)")
            try connection.simpleQuery("BEGIN")
            defer { _ = try? connection.simpleQuery("ROLLBACK") }
            try connection.simpleQuery("SET LOCAL ROLE mcledger_auditor")
            let shown = try connection.execute("SELECT field, text FROM mcledger.event_texts_shown ORDER BY field").map { "\($0.string(0)!)=\($0.string(1)!)" }
            #expect(shown == ["activity=[withheld]", "reason=[withheld]"], "\(shown)")
            #expect(try connection.execute("SELECT count(*) FROM mcledger.text_problems(1)").first?.int64(0) == 0)
            #expect(try connection.execute("SELECT mcledger.texts_checked(1)").first?.int64(0) == 2)
            #expect(try connection.execute("SELECT mcledger.may_read_names() OR mcledger.may_read_texts()").first?.bool(0) == false)
            try connection.simpleQuery("ROLLBACK")
            // A login with the directory reader duty beside the auditor's reads the text.
            let reader = "aud-dir-" + UUID().uuidString.prefix(8).lowercased()
            try Postgres.withConnection(try db.configuration(login: reader, roles: ["mcledger_auditor", "mcledger_directory_reader"])) { named in
                let texts = try named.execute("SELECT text FROM mcledger.event_texts_shown ORDER BY field").map { $0.string(0)! }
                #expect(texts == ["office hours with Dr. Ada Okafor", "Dr. Ada Okafor asked"], "\(texts)")
            }
        }
    }

    @Test func hostileTextThroughTheCLIIsStoredAsData() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            let hostile = [
                "Robert'); DROP TABLE mcledger.events; --",
                "x' OR '1'='1",
                "$$; DELETE FROM mcledger.events; $$",
                "\\\"; TRUNCATE mcledger.people; --",
                "O'Brien \u{202E}evil \u{1F9D1}\u{200D}\u{2695}\u{FE0F}",
                "%s%n%x {\"injected\": true}",
            ]
            for (index, text) in hostile.enumerated() {
                try target.ok(["community", "establish", "c-\(index)", "--name", text, "--focus", "general", "--on", "2026-07-01", "--reason", text], actor: text)
                try target.ok(["person", "register", "p-\(index)", "--name", text, "--role", "staff", "--on", "2026-07-01", "--reason", text], actor: text)
            }
            let listed = try target.run(["events", "--format", "json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
            let events = document?["events"] as? [[String: Any]] ?? []
            #expect(events.count == hostile.count * 2)
            for (index, text) in hostile.enumerated() {
                let community = events[index * 2]
                let person = events[index * 2 + 1]
                #expect(community["actor"] as? String == text)
                #expect(person["actor"] as? String == text)
                // The reason lives beside the log since schema/015; the event commits to it.
                #expect((community["texts"] as? [String: Any])?["reason"] as? String == text)
                #expect((community["metadata"] as? [String: Any])?["reasonSha256"] is String)
                #expect((community["data"] as? [String: Any])?["name"] as? String == text, "\(community["data"] ?? "")")
                #expect((person["texts"] as? [String: Any])?["reason"] as? String == text)
            }
            let names = try target.withConnection { connection in
                try connection.execute("SELECT name FROM mcledger.people ORDER BY registered_position").map { $0.string(0)! }
            }
            #expect(names == hostile)
            #expect(try target.verifies())
            Tally.report("hostile text through the CLI stored as data", events: events.count, lost: hostile.count * 2 - events.count)
        }
    }
}
