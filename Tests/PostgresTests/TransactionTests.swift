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

    /// The BEGIN goes out with the first statement (Connection+Pipeline.swift): the
    /// statement runs inside the transaction, and the session reports the transaction
    /// open before anything was sent.
    @Test func theBeginTravelsWithTheFirstStatement() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (v int)")
                let (before, first, second) = try connection.withTransaction { tx in
                    let before = tx.transactionState
                    let first = try tx.execute("SELECT txid_current()").first!.int64(0)
                    try tx.execute("INSERT INTO t VALUES ($1)", [7])
                    let second = try tx.execute("SELECT txid_current()").first!.int64(0)
                    return (before, first, second)
                }
                #expect(before == .inTransaction)
                // One transaction id for all three: the first ran inside the BEGIN's transaction.
                #expect(first != nil && first == second)
                #expect(connection.transactionState == .idle)
                #expect(try connection.execute("SELECT sum(v) FROM t").first?.int(0) == 7)
            }
        }
    }

    @Test func aFailingFirstStatementRollsBackAndLeavesTheConnectionUsable() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (v int PRIMARY KEY)")
                var failure: PostgresError?
                do {
                    try connection.withTransaction { tx in
                        try tx.execute("INSERT INTO t VALUES ($1), ($1)", [1])
                    }
                } catch let error as PostgresError {
                    failure = error
                }
                #expect(failure?.code == .uniqueViolation)
                #expect(connection.transactionState == .idle)
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 0)
            }
        }
    }

    @Test func aBodyThatSendsNothingOpensNoTransaction() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                #expect(try connection.withTransaction { _ in 5 } == 5)
                #expect(connection.transactionState == .idle)
                #expect(throws: Boom()) {
                    try connection.withTransaction { _ in throw Boom() }
                }
                #expect(connection.transactionState == .idle)
                #expect(try connection.execute("SELECT 1").first?.int(0) == 1)
            }
        }
    }

    /// A transaction whose first statement is not an `execute` (here a multi-statement
    /// simple query) sends its BEGIN on its own first, so it is still one transaction.
    @Test func anyOtherFirstStatementRunsInsideTheTransaction() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (v int)")
                #expect(throws: Boom()) {
                    try connection.withTransaction { tx in
                        try tx.simpleQuery("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)")
                        throw Boom()
                    }
                }
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 0)
            }
        }
    }

    /// A statement queued with executeLater goes out with the next statement (in order)
    /// or with the COMMIT; its failure stops the COMMIT and rolls everything back.
    @Test func queuedStatementsGoOutInOrderWithTheNextStatementOrTheCommit() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (v int PRIMARY KEY)")
                let seen = try connection.withTransaction { tx in
                    try tx.executeLater("INSERT INTO t VALUES ($1)", [1])
                    try tx.executeLater("INSERT INTO t VALUES ($1)", [2])
                    let seen = try tx.execute("SELECT count(*) FROM t").first?.int(0)
                    try tx.executeLater("INSERT INTO t VALUES ($1)", [3])
                    return seen
                }
                #expect(seen == 2)
                #expect(connection.transactionState == .idle)
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 3)

                var failure: PostgresError?
                do {
                    try connection.withTransaction { tx in
                        try tx.execute("INSERT INTO t VALUES ($1)", [4])
                        try tx.executeLater("INSERT INTO t VALUES ($1)", [1])  // a duplicate: refused at COMMIT
                    }
                } catch let error as PostgresError {
                    failure = error
                }
                #expect(failure?.code == .uniqueViolation)
                #expect(connection.transactionState == .idle)
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 3)

                // Only queued: BEGIN, the statement and COMMIT go out together.
                try connection.withTransaction { tx in try tx.executeLater("INSERT INTO t VALUES ($1)", [5]) }
                // A failing queued statement stops the one it goes out with.
                #expect(throws: PostgresError.self) {
                    try connection.withTransaction { tx in
                        try tx.executeLater("INSERT INTO t VALUES ($1)", [5])
                        _ = try tx.execute("INSERT INTO t VALUES ($1)", [6])
                    }
                }
                // Outside a transaction it runs at once; a throwing body's queue never goes out.
                try connection.executeLater("INSERT INTO t VALUES ($1)", [7])
                #expect(throws: Boom()) {
                    try connection.withTransaction { tx in
                        try tx.executeLater("INSERT INTO t VALUES ($1)", [8])
                        throw Boom()
                    }
                }
                let values = try connection.execute("SELECT v FROM t ORDER BY v").compactMap { $0.int(0) }
                #expect(values == [1, 2, 3, 5, 7])
            }
        }
    }
}
