import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct LookupTests {
    @Test func readsSeveralStreamsInOneTrip() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let odd = StreamName(#"odd "name", with \ and {braces}"#)
                try store.append([event("s-a"), event(odd), event("s-a"), event("s-b")], metadata: meta())
                let slices = try store.read(streams: ["s-a", odd, "empty", "s-a"])
                #expect(slices.count == 3)
                #expect(slices["s-a"]?.events.map(\.position) == [1, 3])
                #expect(slices["s-a"]?.version == 2)
                #expect(slices[odd]?.events.map(\.position) == [2])
                #expect(slices["empty"]?.version == 0)
                #expect(slices["empty"]?.events.isEmpty == true)
            }
        }
    }

    @Test func findsAnEventByID() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let id = UUID()
                try store.append([NewEvent(stream: "s-a", type: "T", data: "{}", eventID: id)], metadata: meta())
                #expect(try store.event(id: id)?.stream == "s-a")
                #expect(try store.event(id: UUID()) == nil)
            }
        }
    }

    @Test func answersACommandIDBeforeDeciding() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let metadata = AppendMetadata(actor: "a", occurredOn: "2026-11-26", commandID: "c-1", fingerprint: "join s-ana")
                #expect(try store.outcome(ofCommand: "c-1", fingerprint: "join s-ana") == nil)
                let first = try store.append([event("s-a"), event("s-b")], metadata: metadata)
                let known = try store.outcome(ofCommand: "c-1", fingerprint: "join s-ana")
                #expect(known?.replayed == true)
                #expect(known?.events == first.events)
                let reused = #expect(throws: EventStoreError.self) { try store.outcome(ofCommand: "c-1", fingerprint: "other") }
                #expect(reused?.code == .commandIDReused)
            }
        }
    }

    @Test func readAllReadsWhatTheTextReadsRead() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let total = 40
                let events = (0..<total).map { index in event(StreamName("s-\(index % 3)"), "Noted", #"{"n": \#(index)}"#) }
                try store.append(events, metadata: meta())
                // Binary results printed here against the server's own text (the canonical dates).
                let byText = try store.events(at: (1...Int64(total)).map { $0 })
                var read: [RecordedEvent] = []
                #expect(try store.readAll { read.append($0) } == total)
                #expect(read == byText)
                var positions: [Int64] = []
                try store.readAll(after: 5, limit: 10) { positions.append($0.position) }
                #expect(positions == Array(6...15))
            }
        }
    }
}
