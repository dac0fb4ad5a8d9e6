import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// ``EventStore/readAll(after:limit:_:)`` reads the log as a binary COPY: the same values
/// as the text reads, NULLs and free texts included, streamed, in one snapshot.
@Suite struct ReadAllTests {
    struct Stop: Error {}

    @Test func anEmptyLogReadsNothing() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                #expect(try store.readAll { _ in Issue.record("an event in an empty log") } == 0)
                #expect(try store.scan(after: 0, limit: 10) { _ in Issue.record("an event in an empty log") } == 0)
            }
        }
    }

    /// Command and correlation ids set and NULL, and an event with a free text beside
    /// the log, each read as the text reads print it.
    @Test func nullFieldsAndFreeTextsReadAsTheTextReadsReadThem() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append([event(StreamName("s-1"))], metadata: meta())
                try store.append([event(StreamName("s-1"), "Noted", #"{"texts": {"note": "commitment"}}"#)], metadata: meta(command: "cmd-1"))
                var correlated = meta()
                correlated.correlationID = UUID()
                try store.append([event(StreamName("s-2"))], metadata: correlated)
                let noted = try connection.execute("SELECT event_id::text FROM mcledger.events WHERE position = 2").first!.string(0)!
                try connection.simpleQuery("""
                    ALTER TABLE mcledger.event_texts DISABLE TRIGGER USER;
                    INSERT INTO mcledger.event_texts (event_id, field, text, salt) VALUES ('\(noted)', 'note', 'a ''free'' text, ß', '\\x00000000000000000000000000000000');
                    ALTER TABLE mcledger.event_texts ENABLE TRIGGER USER;
                    """)
                let byText = try store.events(at: [1, 2, 3])
                var read: [RecordedEvent] = []
                #expect(try store.readAll { read.append($0) } == 3)
                #expect(read == byText)
                #expect(read[0].commandID == nil && read[0].correlationID == nil && read[0].texts == nil)
                #expect(read[1].commandID == "cmd-1")
                #expect(read[1].textValues == ["note": "a 'free' text, ß"])
                #expect(read[2].correlationID != nil)
                var stored: [StoredEvent] = []
                try store.scan(after: 0, limit: 10) { stored.append($0) }
                #expect(stored.map(\.texts) == read.map(\.texts))
                #expect(stored.map(\.eventID) == read.map(\.eventID))
            }
        }
    }

    /// A reader that throws part way stops the read; the store's connection stays usable.
    @Test func aThrowingReaderStopsTheRead() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append((0..<500).map { index in event(StreamName("s-\(index % 7)")) }, metadata: meta())
                var seen = 0
                #expect(throws: Stop.self) {
                    try store.readAll { _ in
                        seen += 1
                        if seen == 3 { throw Stop() }
                    }
                }
                #expect(seen == 3)
                #expect(try store.eventCount() == 500)
            }
        }
    }

    /// Streams whose names need quoting in a literal are read like any other.
    @Test func scansQuoteTheirStreamNames() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let odd = #"person-it's "odd" \ {x}"#
                try store.append([event(StreamName(odd)), event(StreamName("person-b")), event(StreamName("other"))], metadata: meta())
                var named: [String] = []
                try store.scan(streams: [odd], through: 3) { named.append($0.stream) }
                #expect(named == [odd])
                var prefixed: [String] = []
                try store.scan(streamsPrefixed: "person-", after: 0, through: 3, limit: 10) { prefixed.append($0.stream) }
                #expect(prefixed == [odd, "person-b"])
                var byStream: [String] = []
                try store.scanStreamByStream(prefixed: "person-", after: ("person-b", 1), through: 3, limit: 10) { byStream.append($0.stream) }
                #expect(byStream == [odd])
                var strays: [String] = []
                try store.scan(excludingStreams: ["other"], prefixes: ["person-it's"], through: 3) { strays.append($0.stream) }
                #expect(strays == ["person-b"])
            }
        }
    }
}
