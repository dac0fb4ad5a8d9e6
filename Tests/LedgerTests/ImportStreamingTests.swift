import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// An import reads its file as it goes: records across any chunk boundary, rows decided
/// and sent a chunk at a time, and refusals still named by their line.
@Suite struct ImportStreamingTests {
    @Test func theReaderFindsTheSameRecordsWhateverTheChunks() throws {
        let text = "\u{FEFF}Id, Name ,role\r\n\"s-1\",\"Ruiz, \"\"Ana\"\"\",student\r\n\r\ns-2,\"two\nlines\",student\ns-3,Zoë 李,student"
        let bytes = Array(text.utf8)
        for size in [1, 2, 3, 7, bytes.count] {
            var offset = 0
            let reader = CSVReader(fill: { chunk in
                let end = min(offset + size, bytes.count)
                chunk.append(contentsOf: bytes[offset..<end])
                offset = end
            })
            var records: [CSVTable.Row] = []
            while let row = try reader.next() { records.append(row) }
            #expect(records.map(\.line) == [1, 2, 4, 6], "chunks of \(size)")
            #expect(records.map(\.fields) == [["Id", " Name ", "role"], ["s-1", "Ruiz, \"Ana\"", "student"], ["s-2", "two\nlines", "student"], ["s-3", "Zoë 李", "student"]], "chunks of \(size)")
            #expect(reader.bytesRead == bytes.count)
        }
    }

    @Test func bytesThatAreNotUTF8AreNamedByTheirLine() throws {
        let reader = CSVReader(bytes: Array("id,name,role\ns-1,".utf8) + [0xC3, 0x28] + Array(",student\n".utf8))
        _ = try reader.next()
        #expect(throws: ImportProblem(line: 2, column: nil, message: "the file is not UTF-8 text here; save it as CSV UTF-8")) { try reader.next() }
    }

    @Test func aFileIsDecidedAndSentAChunkAtATime() throws {
        let rows = CommandBatch.chunkSize * 2 + 345
        var text = "id,name,role,class_of\n"
        for index in 1...rows { text += "s-\(index),Student \(index),student,2029\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TestDatabase.with { db in
            try db.withConnection { connection in
                var reports: [ImportProgress] = []
                let outcome = try Importer(handler: handler(connection)).run(.people, file: path, request(id: "stream-1")) { reports.append($0) }
                #expect(outcome.rows == rows)
                // An import answers with its range, holding no entry per row.
                #expect(outcome.write.events.isEmpty)
                #expect(outcome.write.count == rows)
                #expect(outcome.write.positions == 1...Int64(rows))
                #expect(reports == [CommandBatch.chunkSize, CommandBatch.chunkSize * 2, rows].map { ImportProgress(rowsSent: $0, rows: rows) })
                #expect(try eventCount(connection) == rows)
                #expect(try PeopleDirectory(connection: connection).name(of: "s-\(rows)") == "Student \(rows)")
                #expect(try PeopleDirectory(connection: connection).name(of: "s-1") == "Student 1")
                // The same file under the same command id: its first outcome, nothing new.
                let again = try Importer(handler: handler(connection)).run(.people, file: path, request(id: "stream-1"))
                #expect(again.write.replayed)
                #expect(again.write.positions == outcome.write.positions)
                #expect(again.write.count == rows)
                #expect(try eventCount(connection) == rows)
            }
        }
    }

    @Test func refusalsInLaterChunksNameTheirLines() throws {
        let rows = CommandBatch.chunkSize + 10
        var text = "id,name,role,class_of\n"
        for index in 1...rows { text += "s-\(index),Student \(index),student,2029\n" }
        // Line 2 + rows: s-3 again, after the first chunk was sent.
        text += "s-3,Again,student,2029\n"
        try TestDatabase.with { db in
            try db.withConnection { connection in
                do {
                    _ = try Importer(handler: handler(connection)).run(.people, csv: text, request())
                    Issue.record("a repeated registration was imported")
                } catch let failed as ImportFailed {
                    #expect(failed.problems.map(\.line) == [rows + 2])
                    #expect(failed.problems.first?.column == "id")
                }
                #expect(try eventCount(connection) == 0)
                #expect(try connection.execute("SELECT count(*) FROM mcledger.people").first?.int(0) == 0)
            }
        }
    }

    /// Another write lands between an import's reading of the head and its append: the
    /// server refuses the numbering (a conflict), and the import decides again.
    @Test func anImportThatMetAnotherWriteDecidesAgain() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try db.withConnection { other in
                    var walks = 0
                    let batch = CommandBatch { body in
                        walks += 1
                        try body((1...3).map { index in
                            .registerPerson(RegisterPerson(person: pid("s-\(index)"), name: "S \(index)", role: .student, classOf: 2029))
                        })
                        if walks == 1 {
                            try handler(other).handle(.registerPerson(RegisterPerson(person: pid("f-9"), name: "Dr Nine", role: .faculty, residencyCompleted: 2010)), request())
                        }
                    }
                    let outcome = try handler(connection).handle(batch: batch, request(), kind: "import-people", fingerprint: "f")
                    #expect(outcome.attempts == 2)
                    #expect(outcome.positions == 2...4)
                    #expect(try eventCount(connection) == 4)
                    #expect(try PeopleDirectory(connection: connection).name(of: "s-3") == "S 3")
                    #expect(try EventStore(connection: connection).verify().isIntact)
                }
            }
        }
    }
}
