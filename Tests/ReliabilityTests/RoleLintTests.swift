import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// The catalog, read as a linter would: who may do what to the ledger.
@Suite struct RoleLintTests {
    @Test func ourRolesCannotLogInOrBypassAnything() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let roles = try connection.execute("""
                    SELECT rolname, rolsuper, rolcanlogin, rolbypassrls, rolcreaterole, rolcreatedb
                      FROM pg_roles WHERE rolname LIKE 'mcledger\\_%' ORDER BY rolname
                    """)
                #expect(roles.map { $0.string(0)! } == ["mcledger_auditor", "mcledger_directory_reader", "mcledger_owner", "mcledger_projector", "mcledger_reporter", "mcledger_writer"])
                for role in roles {
                    #expect((1...5).allSatisfy { role.bool($0) == false }, "\(role.string(0)!) has an attribute it must not")
                }
            }
        }
    }

    @Test func onlyTheOwnerOwnsOrMayChangeTheLog() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let owners = try connection.execute("""
                    SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'mcledger'::regnamespace
                    UNION SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'mcledger'::regnamespace
                    UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'mcledger'
                    """).map { $0.string(0)! }
                #expect(owners == ["mcledger_owner"])
                let dangerous = try connection.execute("""
                    SELECT DISTINCT coalesce(pg_get_userbyid(a.grantee), 'PUBLIC'), a.privilege_type
                      FROM pg_class c, aclexplode(c.relacl) a
                     WHERE c.oid = 'mcledger.events'::regclass
                       AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
                       AND a.grantee <> c.relowner
                    """)
                #expect(dangerous.count == 0, "\(dangerous.map { "\($0.string(0)!) \($0.string(1)!)" })")
            }
        }
    }

    @Test func publicHasNothingOnTheLedger() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let schema = try connection.execute("""
                    SELECT count(*) FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = 'mcledger' AND a.grantee = 0
                    """).first!.int(0)!
                #expect(schema == 0)
                let objects = try connection.execute("""
                    SELECT c.relname FROM pg_class c, aclexplode(c.relacl) a WHERE c.relnamespace = 'mcledger'::regnamespace AND a.grantee = 0
                    UNION ALL
                    SELECT p.proname FROM pg_proc p, aclexplode(p.proacl) a WHERE p.pronamespace = 'mcledger'::regnamespace AND a.grantee = 0
                    """)
                #expect(objects.count == 0, "\(objects.map { $0.string(0)! })")
            }
        }
    }

    /// schema/008: PUBLIC may not connect, nor take the advisory locks that serialise
    /// appends and projectors, nor notify; the ledger roles hold exactly what they need.
    /// schema/012 moved the projectors' locks from the writer to the projector.
    @Test func publicMayNotConnectOrTakeTheLedgersLocks() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let connect = try connection.execute("""
                    SELECT r, has_database_privilege(r, current_database(), 'CONNECT')
                      FROM unnest(ARRAY['public', 'mcledger_writer', 'mcledger_auditor', 'mcledger_reporter', 'mcledger_projector', 'mcledger_owner']) r
                    """).map { "\($0.string(0)!)=\($0.bool(1)!)" }
                let publicCanConnect = try connection.execute("""
                    SELECT count(*) FROM pg_database d, aclexplode(d.datacl) a
                     WHERE d.datname = current_database() AND a.grantee = 0 AND a.privilege_type = 'CONNECT'
                    """).first!.int(0)!
                #expect(publicCanConnect == 0)
                #expect(connect == ["public=false", "mcledger_writer=true", "mcledger_auditor=true", "mcledger_reporter=true", "mcledger_projector=true", "mcledger_owner=false"])
                let functions = try connection.execute("""
                    SELECT p.oid::regprocedure::text FROM pg_proc p
                     WHERE p.pronamespace = 'pg_catalog'::regnamespace
                       AND (p.proname LIKE 'pg\\_%advisory\\_%lock%' AND p.proname NOT LIKE '%unlock%' AND p.proargtypes = '20'::oidvector
                            OR p.proname = 'pg_notify')
                     ORDER BY 1
                    """).map { $0.string(0)! }
                #expect(functions.count == 9, "\(functions)")
                for function in functions {
                    let notify = function.hasPrefix("pg_notify")
                    for (role, allowed) in [("mcledger_owner", true), ("mcledger_writer", notify), ("mcledger_projector", !notify), ("mcledger_auditor", false), ("mcledger_reporter", false)] {
                        let has = try connection.execute("SELECT has_function_privilege($1, $2::regprocedure, 'EXECUTE')", [role, function]).first!.bool(0)!
                        #expect(has == allowed, "\(role) \(has ? "may" : "may not") EXECUTE \(function)")
                    }
                    let publicMay = try connection.execute(
                        "SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a WHERE p.oid = $1::regprocedure AND a.grantee = 0", [function]
                    ).first!.int(0)!
                    #expect(publicMay == 0, "PUBLIC may EXECUTE \(function)")
                }
            }
        }
    }

    /// schema/008: report runs are written only through a SECURITY DEFINER function with a
    /// pinned search_path.
    @Test func theReportRunFunctionPinsItsSearchPathAndRunsAsOwner() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let row = try connection.execute("""
                    SELECT prosecdef, proconfig::text FROM pg_proc WHERE oid = 'mcledger.record_report_run(date, text, bigint, text, text, timestamptz)'::regprocedure
                    """).first!
                #expect(row.bool(0) == true)
                #expect(row.string(1) == "{\"search_path=pg_catalog, pg_temp\"}")
            }
        }
    }

    @Test func theAppendFunctionPinsItsSearchPathAndRunsAsOwner() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let row = try connection.execute("""
                    SELECT prosecdef, proconfig::text FROM pg_proc WHERE oid = 'mcledger.append(jsonb, jsonb, text, text, text, uuid, date, jsonb)'::regprocedure
                    """).first!
                #expect(row.bool(0) == true)
                #expect(row.string(1) == "{\"search_path=pg_catalog, pg_temp\"}")
                // schema/016: the bulk append too, and only the writer calls it.
                let bulk = try connection.execute("""
                    SELECT prosecdef, proconfig::text FROM pg_proc
                     WHERE oid = 'mcledger.append_bulk(mcledger.bulk_event[], jsonb, text, text, text, uuid, date, timestamptz)'::regprocedure
                    """).first!
                #expect(bulk.bool(0) == true)
                #expect(bulk.string(1) == "{\"search_path=pg_catalog, pg_temp\"}")
                let callers = try connection.execute("""
                    SELECT r FROM unnest(ARRAY['mcledger_writer', 'mcledger_auditor', 'mcledger_reporter', 'mcledger_directory_reader']) r
                     WHERE has_function_privilege(r, 'mcledger.append_bulk(mcledger.bulk_event[], jsonb, text, text, text, uuid, date, timestamptz)', 'EXECUTE')
                    """).map { row in row.string(0)! }
                #expect(callers == ["mcledger_writer"])
            }
        }
    }

    /// schema/015: texts are written and redacted only through SECURITY DEFINER functions
    /// with a pinned search_path, which only the writer may call.
    @Test func theTextFunctionsPinTheirSearchPathAndRunAsOwner() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                for function in ["mcledger.record_texts(jsonb)", "mcledger.redact_text(uuid, text, bigint)"] {
                    let row = try connection.execute("SELECT prosecdef, proconfig::text FROM pg_proc WHERE oid = $1::regprocedure", [function]).first!
                    #expect(row.bool(0) == true, "\(function)")
                    #expect(row.string(1) == "{\"search_path=pg_catalog, pg_temp\"}", "\(function)")
                    let callers = try connection.execute("""
                        SELECT r FROM unnest(ARRAY['mcledger_writer', 'mcledger_auditor', 'mcledger_reporter', 'mcledger_directory_reader']) r
                         WHERE has_function_privilege(r, $1::regprocedure, 'EXECUTE')
                        """, [function]).map { $0.string(0)! }
                    #expect(callers == ["mcledger_writer"], "\(function)")
                }
                let writable = try connection.execute("""
                    SELECT r || ' ' || p FROM unnest(ARRAY['mcledger_writer', 'mcledger_auditor', 'mcledger_reporter']) r,
                           unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                     WHERE has_table_privilege(r, 'mcledger.event_texts', p)
                    """).map { $0.string(0)! }
                #expect(writable.isEmpty, "\(writable)")
            }
        }
    }

    /// schema/011, 020: names are recorded only through SECURITY DEFINER functions with a
    /// pinned search_path (a single write's JSON form, an import's array form), which only
    /// the writer may call.
    @Test func theNameFunctionsPinTheirSearchPathAndRunAsOwner() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                for function in ["mcledger.record_names(jsonb)", "mcledger.record_names(text[], text[], bigint[])"] {
                    let row = try connection.execute("SELECT prosecdef, proconfig::text FROM pg_proc WHERE oid = $1::regprocedure", [function]).first!
                    #expect(row.bool(0) == true, "\(function)")
                    #expect(row.string(1) == "{\"search_path=pg_catalog, pg_temp\"}", "\(function)")
                    let callers = try connection.execute("""
                        SELECT r FROM unnest(ARRAY['mcledger_writer', 'mcledger_auditor', 'mcledger_reporter', 'mcledger_directory_reader', 'mcledger_projector']) r
                         WHERE has_function_privilege(r, $1::regprocedure, 'EXECUTE')
                        """, [function]).map { $0.string(0)! }
                    #expect(callers == ["mcledger_writer"], "\(function)")
                }
            }
        }
    }

    /// schema/014: disclosures are recorded through a SECURITY DEFINER function with a
    /// pinned search_path, like every function that runs as the owner.
    @Test func theDisclosureFunctionPinsItsSearchPathAndRunsAsOwner() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let row = try connection.execute("""
                    SELECT prosecdef, proconfig::text, pg_get_userbyid(proowner) FROM pg_proc
                     WHERE oid = 'mcledger.record_disclosure(text, text, text, jsonb, text, date)'::regprocedure
                    """).first!
                #expect(row.bool(0) == true)
                #expect(row.string(1) == "{\"search_path=pg_catalog, pg_temp\"}")
                #expect(row.string(2) == "mcledger_owner")
            }
        }
    }
}
