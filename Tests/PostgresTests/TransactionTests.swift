import Postgres
import Testing
import TestSupport

@Suite struct TransactionTests {
    struct Boom: Error, Equatable {}

    @Test func commitsTheBodyAndReturnsItsValue() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (v int)")
                let value = try connection.withTransaction { tx in
                    try tx.execute("INSERT INTO t VALUES (1), (2)")
                    return try tx.execute("SELECT sum(v) FROM t").first!.int(0)!
                }
                #expect(value == 3)
                #expect(connection.transactionState == .idle)
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 2)
            }
        }
    }

    @Test func aThrowingBodyRollsBackAndRethrows() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (v int)")
                #expect(throws: Boom()) {
                    try connection.withTransaction { tx in
                        try tx.execute("INSERT INTO t VALUES (1)")
                        throw Boom()
                    }
                }
                #expect(connection.transactionState == .idle)
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 0)
            }
        }
    }

    @Test func aFailedRollbackNeverHidesTheCause() throws {
        try TestDatabase.with(migrated: false) { db in
            let connection = try db.connect()
            defer { connection.close() }
            let pid = connection.backendPID
            #expect(throws: Boom()) {
                try connection.withTransaction { _ in
                    // The connection dies inside the transaction, so ROLLBACK cannot run.
                    try db.withConnection { try $0.execute("SELECT pg_terminate_backend($1)", [pid]) }
                    throw Boom()
                }
            }
        }
    }
}
