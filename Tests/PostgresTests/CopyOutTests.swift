import Foundation
@testable import Postgres
import Testing
import TestSupport

/// Binary COPY out: the parser over chunks of any size, and ``Connection/copyOut(_:_:)``
/// against the server (streaming, errors, a cancelled read).
@Suite struct CopyOutTests {
    struct Stop: Error {}

    /// A binary COPY of `tuples` as the server writes it (nil: NULL).
    static func copyBytes(_ tuples: [[[UInt8]?]]) -> [UInt8] {
        func int16(_ value: Int16) -> [UInt8] { [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)] }
        func int32(_ value: Int32) -> [UInt8] { (0..<4).map { shift in UInt8(truncatingIfNeeded: value >> (24 - 8 * shift)) } }
        var bytes = BinaryCopyReader.signature + int32(0) + int32(0)
        for tuple in tuples {
            bytes += int16(Int16(tuple.count))
            for field in tuple {
                guard let field else {
                    bytes += int32(-1)
                    continue
                }
                bytes += int32(Int32(field.count)) + field
            }
        }
        return bytes + int16(-1)
    }

    /// What a reader fed `bytes` in chunks of `size` hands over, each field as text.
    static func read(_ bytes: [UInt8], chunk size: Int) throws -> (tuples: [[String?]], mostRetained: Int) {
        var reader = BinaryCopyReader()
        var tuples: [[String?]] = []
        var mostRetained = 0
        for start in stride(from: 0, to: bytes.count, by: size) {
            try bytes[start..<min(bytes.count, start + size)].withUnsafeBufferPointer { chunk in
                try reader.consume(chunk) { tuple in
                    tuples.append((0..<tuple.columnCount).map { column in tuple.binaryText(column) })
                }
            }
            mostRetained = max(mostRetained, reader.retainedBytes)
        }
        #expect(reader.finished)
        #expect(reader.tuples == tuples.count)
        return (tuples, mostRetained)
    }

    @Test func readsTuplesSplitAnywhereAndHoldsBackOneAtMost() throws {
        let tuples: [[[UInt8]?]] = (0..<50).map { index in
            [Array("row \(index)".utf8), nil, [], Array(String(repeating: "x", count: index).utf8)]
        }
        let bytes = Self.copyBytes(tuples)
        let expected: [[String?]] = (0..<50).map { index in ["row \(index)", nil, "", String(repeating: "x", count: index)] }
        for size in [1, 2, 3, 7, 19, 64, bytes.count] {
            let (read, mostRetained) = try Self.read(bytes, chunk: size)
            #expect(read == expected, "chunks of \(size)")
            // Never more than one unfinished tuple (the longest is 2 + 4 × 4 + 6 + 49 bytes)
            // and the header's 19.
            #expect(mostRetained <= 2 + 16 + 6 + 49, "chunks of \(size)")
        }
    }

    @Test func anEmptyCopyHasNoTuples() throws {
        #expect(try Self.read(Self.copyBytes([]), chunk: 5).tuples.isEmpty)
    }

    @Test func refusesWhatIsNotBinaryCopy() throws {
        var reader = BinaryCopyReader()
        let text = Array("1\tabc\n2\tdef\n3\tghi\n4\tjkl\n".utf8)
        #expect(throws: PostgresError.self) {
            try text.withUnsafeBufferPointer { chunk in try reader.consume(chunk) { _ in } }
        }
        var trailing = BinaryCopyReader()
        let extra = Self.copyBytes([[[1]]]) + [0, 1]
        #expect(throws: PostgresError.self) {
            try extra.withUnsafeBufferPointer { chunk in try trailing.consume(chunk) { _ in } }
        }
    }

    @Test func copiesOutWhatTheQuerySelects() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                var sum: Int64 = 0
                var texts: [String?] = []
                let rows = try connection.copyOut(
                    "COPY (SELECT g::bigint, CASE WHEN g % 2 = 0 THEN 'ß ' || g END FROM generate_series(1, 100000) g) TO STDOUT (FORMAT binary)"
                ) { tuple in
                    sum += tuple.binaryInt64(0)!
                    if texts.count < 4 { texts.append(tuple.binaryText(1)) }
                }
                #expect(rows == 100_000)
                #expect(sum == 5_000_050_000)
                #expect(texts == [nil, "ß 2", nil, "ß 4"])
                #expect(try connection.copyOut("COPY (SELECT 1 WHERE false) TO STDOUT (FORMAT binary)") { _ in Issue.record("no tuples") } == 0)
            }
        }
    }

    /// A reader that stops after ten of ten million rows returns at once (the rows are
    /// streamed, not gathered first), and the connection is usable afterwards.
    @Test func aThrowingReaderStopsTheCopyAndTheConnectionStaysUsable() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                var seen = 0
                let started = Date()
                #expect(throws: Stop.self) {
                    try connection.copyOut("COPY (SELECT g FROM generate_series(1, 10000000) g) TO STDOUT (FORMAT binary)") { _ in
                        seen += 1
                        if seen == 10 { throw Stop() }
                    }
                }
                #expect(seen == 10)
                #expect(Date().timeIntervalSince(started) < 5)
                #expect(try connection.execute("SELECT 7").first?.int(0) == 7)
            }
        }
    }

    @Test func anErrorMidStreamIsTheServersAndLeavesTheConnectionUsable() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                var seen: [Int32] = []
                let error = #expect(throws: PostgresError.self) {
                    try connection.copyOut("COPY (SELECT 10 / (g - 3) FROM generate_series(1, 5) g) TO STDOUT (FORMAT binary)") { tuple in
                        seen.append(tuple.binaryInt32(0)!)
                    }
                }
                #expect(error?.code == SQLState("22012"))
                #expect(seen.count <= 2)
                let text = #expect(throws: PostgresError.self) {
                    try connection.copyOut("COPY (SELECT 1) TO STDOUT") { _ in }
                }
                #expect(text?.kind == .unexpected)
                #expect(try connection.execute("SELECT 1").first?.int(0) == 1)
            }
        }
    }

    @Test func literalsQuoteAnyText() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                let odd = #"it's "odd" \ and {braces}"#
                let sql = "COPY (SELECT \(try connection.literal(odd)), \(try connection.literal(TextArrayParameter([odd, "b"])))::text[] = ARRAY[\(try connection.literal(odd)), 'b'], \(try connection.literal(Optional<String>.none))::text) TO STDOUT (FORMAT binary)"
                try connection.copyOut(sql) { tuple in
                    #expect(tuple.binaryText(0) == odd)
                    #expect(tuple.withBytes(1) { bytes in bytes.map(Array.init) } == [1])
                    #expect(tuple.binaryText(2) == nil)
                }
            }
        }
    }
}
