import EventStore
import Postgres
import Testing
import TestSupport

@Suite struct ImmutabilityTests {
    /// Runs `sql` as `role` and returns the SQLSTATE it failed with (nil if it succeeded).
    func failure(of sql: String, as role: String, in connection: Connection) throws -> SQLState? {
        try connection.simpleQuery("SET ROLE \(role)")
        defer { _ = try? connection.simpleQuery("RESET ROLE") }
        do {
            try connection.simpleQuery(sql)
            return nil
        } catch let error as PostgresError {
            return error.code
        }
    }

    @Test(arguments: ["mcledger_owner", "mcledger_writer"])
    func updateDeleteAndTruncateAreRefused(role: String) throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try EventStore(connection: connection).append([event("s-a"), event("s-b")], metadata: meta())
                let before = try EventStore(connection: connection).head()
                let expected: SQLState = role == "mcledger_owner" ? SQLState("MCL03") : .insufficientPrivilege
                #expect(try failure(of: "UPDATE mcledger.events SET actor = 'mallory'", as: role, in: connection) == expected)
                #expect(try failure(of: "DELETE FROM mcledger.events", as: role, in: connection) == expected)
                #expect(try failure(of: "TRUNCATE mcledger.events", as: role, in: connection) == expected)
                #expect(try failure(of: "DELETE FROM mcledger.ledger_head", as: role, in: connection) == expected)
                #expect(try EventStore(connection: connection).head() == before)
                #expect(try logShape(connection).count == 2)
            }
        }
    }

    @Test func theWriterCanOnlyAppendThroughTheFunction() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                #expect(try failure(
                    of: "INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data, actor, occurred_on, recorded_at, hash) VALUES (1, 's', 1, gen_random_uuid(), 'T', 1, '{}', 'w', now(), now(), sha256(''))",
                    as: "mcledger_writer", in: connection
                ) == .insufficientPrivilege)
                #expect(try failure(of: "ALTER TABLE mcledger.events DISABLE TRIGGER ALL", as: "mcledger_writer", in: connection) == .insufficientPrivilege)
                #expect(try failure(of: "SET session_replication_role = replica", as: "mcledger_writer", in: connection) == .insufficientPrivilege)
                #expect(try failure(
                    // A type the registry knows (schema/009): the writer may append nothing else.
                    of: "SELECT * FROM mcledger.append('[{\"stream\":\"program\",\"type\":\"YearClosed\",\"data\":{\"year\":\"2026-27\"}}]', '{}', NULL, NULL, 'w', NULL, '2026-11-26', '{}')",
                    as: "mcledger_writer", in: connection
                ) == nil)
                #expect(try logShape(connection).count == 1)
            }
        }
    }

    @Test func theAuditorReadsButCannotAppend() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try EventStore(connection: connection).append([event("s-a")], metadata: meta())
                #expect(try failure(of: "SELECT count(*) FROM mcledger.events", as: "mcledger_auditor", in: connection) == nil)
                #expect(try failure(
                    of: "SELECT * FROM mcledger.append('[{\"stream\":\"s\",\"type\":\"T\",\"data\":{}}]', '{}', NULL, NULL, 'a', NULL, '2026-11-26', '{}')",
                    as: "mcledger_auditor", in: connection
                ) == .insufficientPrivilege)
                #expect(try failure(of: "CREATE TABLE mcledger.sneaky (x int)", as: "mcledger_auditor", in: connection) == .insufficientPrivilege)
                #expect(try logShape(connection).count == 1)
            }
        }
    }

    @Test func shadowingObjectsInPgTempDoNotFoolTheAppendFunction() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("""
                    CREATE FUNCTION pg_temp.sha256(bytea) RETURNS bytea LANGUAGE sql AS $$ SELECT '\\x00'::bytea $$;
                    CREATE TEMP TABLE events (x int);
                    """)
                try EventStore(connection: connection).append([event("s-a"), event("s-a")], metadata: meta())
                #expect(try EventStore(connection: connection).verify().isIntact)
            }
        }
    }
}
