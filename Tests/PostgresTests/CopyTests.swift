import Postgres
import Testing
import TestSupport

@Suite struct CopyTests {
    struct Stop: Error {}

    @Test func copiesAwkwardValuesIntact() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (n int, s text)")
                let awkward = ["tab\there", "line\nbreak", "back\\slash", "\\N", "crlf\r\n", "é 𝄞", ""]
                let stored = try connection.copyIn("COPY t (n, s) FROM STDIN") { writer in
                    for (index, text) in awkward.enumerated() { try writer.append([String(index), text]) }
                    try writer.append(["99", nil])
                }
                #expect(stored == awkward.count + 1)
                let rows = try connection.execute("SELECT s FROM t ORDER BY n")
                #expect(rows.map { $0.string(0) } == awkward.map { Optional($0) } + [nil])
            }
        }
    }

    @Test func streamsManyRowsInChunks() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (n int, s text)")
                let stored = try connection.copyIn("COPY t FROM STDIN") { writer in
                    for index in 0..<50_000 { try writer.append([String(index), "row \(index) with some padding text"]) }
                }
                #expect(stored == 50_000)
                #expect(try connection.execute("SELECT sum(n)::bigint FROM t").first?.int64(0) == 1_249_975_000)
            }
        }
    }

    @Test func aThrowingWriterAbortsAndLeavesNothing() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (n int)")
                #expect(throws: Stop.self) {
                    try connection.copyIn("COPY t FROM STDIN") { writer in
                        for index in 0..<70_000 { try writer.append([String(index)]) }
                        throw Stop()
                    }
                }
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 0)
            }
        }
    }

    @Test func badDataFailsTheWholeCopy() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.simpleQuery("CREATE TABLE t (n int)")
                let error = #expect(throws: PostgresError.self) {
                    try connection.copyIn("COPY t FROM STDIN") { writer in
                        try writer.append(["1"])
                        try writer.append(["not a number"])
                    }
                }
                #expect(error?.code == .invalidTextRepresentation)
                #expect(try connection.execute("SELECT count(*) FROM t").first?.int(0) == 0)
            }
        }
    }
}
