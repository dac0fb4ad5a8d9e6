import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct ConnectionTests {
    @Test func bindsHostileTextAsValuesNotSQL() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                let hostile = "'); DROP TABLE x; -- \u{0} is not allowed, so: \\ \t \n é 𝄞"
                    .replacingOccurrences(of: "\u{0}", with: "")
                let row = try connection.execute("SELECT $1::text, length($1::text), $2::int + 1", [hostile, 41]).first
                #expect(row?.string(0) == hostile)
                #expect(row?.int(1) == hostile.count)
                #expect(row?.int(2) == 42)
            }
        }
    }

    @Test func sessionsStartWithoutJITUnlessTheCallerAsksForIt() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                #expect(try connection.execute("SELECT current_setting('jit')").first?.string(0) == "off")
            }
            let asked = try Connection.connect(db.configuration.with("options", "-c jit=on -c work_mem=5MB"))
            defer { asked.close() }
            let row = try asked.execute("SELECT current_setting('jit'), current_setting('work_mem')").first
            #expect(row?.string(0) == "on")
            #expect(row?.string(1) == "5MB")
        }
    }

    @Test func typedReadsOfNullsNumbersBytesAndUUIDs() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                let id = UUID()
                let row = try connection.execute(
                    "SELECT NULL::text, -9000000000::bigint, true, '\\x00ff10'::bytea, $1::uuid",
                    [id]
                ).first!
                #expect(row.isNull(0))
                #expect(row.string(0) == nil)
                #expect(row.int64(1) == -9_000_000_000)
                #expect(row.bool(2) == true)
                #expect(row.bytea(3) == [0x00, 0xff, 0x10])
                #expect(row.uuid(4) == id)
                #expect(try row.decode(Int64.self, 1) == -9_000_000_000)
                #expect(throws: PostgresError.self) { try row.decode(Int.self, 0) }
            }
        }
    }

    @Test func statementErrorCarriesSQLStateConstraintAndKeepsTheConnection() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY)")
                try connection.execute("INSERT INTO t VALUES ($1)", [1])
                let error = #expect(throws: PostgresError.self) {
                    try connection.execute("INSERT INTO t VALUES ($1)", [1])
                }
                #expect(error?.kind == .statement)
                #expect(error?.code == .uniqueViolation)
                #expect(error?.constraint == "t_pk")
                #expect(error?.detail == "Key (id)=(1) already exists.")
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 1)
            }
        }
    }

    @Test func lostConnectionIsNotAStatementError() throws {
        try TestDatabase.with(migrated: false) { db in
            let victim = try db.connect()
            defer { victim.close() }
            try db.withConnection { killer in
                try killer.execute("SELECT pg_terminate_backend($1)", [victim.backendPID])
            }
            let error = #expect(throws: PostgresError.self) { try victim.execute("SELECT 1") }
            #expect(error?.kind == .connectionLost)
            #expect(error?.isConnectionProblem == true)
            #expect(victim.isOpen == false)
        }
    }

    @Test func unreachableServerNamesTheSocketTried() throws {
        let error = #expect(throws: PostgresError.self) {
            _ = try Connection.connect(ConnectionConfiguration(keywords: [("host", "/nonexistent-mcledger"), ("port", "5999")]))
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("/nonexistent-mcledger/.s.PGSQL.5999") == true)
    }

    @Test func uriAndKeywordsCombine() throws {
        try TestDatabase.with(migrated: false) { db in
            let configuration = ConnectionConfiguration(uri: db.uri).with("application_name", "mcledger-test")
            try withConnection(configuration) { connection in
                let row = try connection.execute("SELECT current_database(), current_setting('application_name')").first
                #expect(row?.string(0) == db.name)
                #expect(row?.string(1) == "mcledger-test")
            }
        }
    }
}
