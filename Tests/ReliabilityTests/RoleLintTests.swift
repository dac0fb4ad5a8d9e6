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
                #expect(roles.map { $0.string(0)! } == ["mcledger_auditor", "mcledger_owner", "mcledger_reporter", "mcledger_writer"])
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

    @Test func theAppendFunctionPinsItsSearchPathAndRunsAsOwner() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let row = try connection.execute("""
                    SELECT prosecdef, proconfig::text FROM pg_proc WHERE oid = 'mcledger.append(jsonb, jsonb, text, text, text, uuid, date, jsonb)'::regprocedure
                    """).first!
                #expect(row.bool(0) == true)
                #expect(row.string(1) == "{\"search_path=pg_catalog, pg_temp\"}")
            }
        }
    }
}
