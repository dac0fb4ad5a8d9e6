import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct AppendTests {
    @Test func appendsAndReadsBackAStream() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let id = UUID()
                let first = try store.append(
                    [NewEvent(stream: "s-a", type: "Opened", data: #"{"b": 2, "a": [1.0, "x"]}"#, eventID: id),
                     event("s-a", "Noted")],
                    expecting: ["s-a": 0], metadata: meta()
                )
                #expect(first.positions == [1, 2])
                #expect(first.events.map(\.version) == [1, 2])
                #expect(first.events[0].eventID == id.uuidString.lowercased())
                #expect(first.replayed == false)
                let slice = try store.read(stream: "s-a")
                #expect(slice.version == 2)
                #expect(slice.events.map(\.type) == ["Opened", "Noted"])
                #expect(slice.events[0].data == #"{"a": [1.0, "x"], "b": 2}"#)
                #expect(slice.events[0].actor == "tester")
                #expect(slice.events[0].occurredOn == "2026-11-26")
                #expect(try store.read(stream: "nothing-here").version == 0)
                #expect(try store.head().position == 2)
            }
        }
    }

    @Test func aStaleExpectedVersionIsATypedConflictAndWritesNothing() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append([event("s-a")], expecting: ["s-a": 0], metadata: meta())
                let error = #expect(throws: EventStoreError.self) {
                    try store.append([event("s-a"), event("s-b")], expecting: ["s-a": 0, "s-b": 0], metadata: meta())
                }
                #expect(error?.code == .concurrencyConflict)
                #expect(error?.conflict == ConcurrencyConflict(stream: "s-a", expected: 0, actual: 1))
                #expect(try logShape(connection) == (1, 1, 1))
            }
        }
    }

    @Test func aStreamOnlyReadIsCheckedToo() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append([event("person-p")], expecting: [:], metadata: meta())
                // The decision read person-p at version 0 but it is at 1: refused though
                // nothing is appended to person-p.
                let error = #expect(throws: EventStoreError.self) {
                    try store.append([event("community-c")], expecting: ["person-p": 0, "community-c": 0], metadata: meta())
                }
                #expect(error?.conflict?.stream == "person-p")
                #expect(try logShape(connection).count == 1)
            }
        }
    }

    /// Guarantee 19, repeated 200 times: the chain verifies after every round.
    @Test func twoWritersRacingTheSameVersionOneWins() throws {
        try TestDatabase.with { db in
            for round in 0..<200 {
                let stream = StreamName("race-\(round)")
                let barrier = Barrier(count: 2)
                let outcomes = concurrently(2) { writer in
                    try db.withConnection { connection in
                        let store = EventStore(connection: connection)
                        barrier.arriveAndWait()
                        return try store.append(
                            [event(stream, "Claimed", #"{"by": \#(writer)}"#), event("side-\(round)-\(writer)")],
                            expecting: [stream: 0], metadata: meta("writer-\(writer)")
                        )
                    }
                }
                let wins = outcomes.filter { if case .success = $0 { true } else { false } }
                let conflicts = outcomes.compactMap { outcome -> EventStoreError? in
                    if case .failure(let error as EventStoreError) = outcome { return error }
                    return nil
                }
                #expect(wins.count == 1)
                #expect(conflicts.count == 1)
                #expect(conflicts.first?.code == .concurrencyConflict)
                try db.withConnection { connection throws in
                    #expect(try EventStore(connection: connection).read(stream: stream).events.count == 1)
                    let shape = try logShape(connection)
                    #expect(shape.count == 2 * (round + 1))
                    #expect(shape.max == shape.count)
                    #expect(try EventStore(connection: connection).verify(from: Int64(shape.count - 1)).isIntact)
                }
            }
            try db.withConnection { connection throws in
                let report = try EventStore(connection: connection).verify()
                #expect(report.isIntact)
                #expect(report.checked == 400)
            }
        }
    }

    @Test func eightWritersTimesTwoHundredGiveDensePositions() throws {
        try TestDatabase.with { db in
            let outcomes = concurrently(8) { writer in
                try db.withConnection { connection in
                    let store = EventStore(connection: connection)
                    for index in 0..<200 {
                        try store.append([event("writer-\(writer)", "Counted", #"{"i": \#(index)}"#)], expecting: ["writer-\(writer)": index], metadata: meta())
                    }
                }
            }
            for outcome in outcomes { try outcome.get() }
            try db.withConnection { connection throws in
                let positions = try connection.execute("SELECT position FROM mcledger.events ORDER BY position").map { $0.int64(0)! }
                #expect(positions == Array(1...1600))
                let badStreams = try connection.execute("""
                    SELECT stream FROM mcledger.events GROUP BY stream
                    HAVING count(*) <> 200 OR min(version) <> 1 OR max(version) <> 200 OR count(DISTINCT version) <> 200
                    """)
                #expect(badStreams.count == 0)
                #expect(try EventStore(connection: connection).verify().isIntact)
            }
        }
    }

    @Test func theSameCommandIDTwiceAppendsOnceAndAnswersTheSame() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let events = [event("s-a", "One"), event("s-b", "Two")]
                let first = try store.append(events, expecting: ["s-a": 0], metadata: meta(command: "cmd-1"))
                let again = try store.append(events, expecting: ["s-a": 0], metadata: meta(command: "cmd-1"))
                #expect(again.replayed)
                #expect(again.positions == first.positions)
                #expect(again.events.map(\.eventID) == first.events.map(\.eventID))
                #expect(try logShape(connection).count == 2)

                let reused = #expect(throws: EventStoreError.self) {
                    try store.append([event("s-c", "Other")], expecting: [:], metadata: meta(command: "cmd-1"))
                }
                #expect(reused?.code == .commandIDReused)
                #expect(reused?.message.contains("reused with a different command") == true)
                #expect(try logShape(connection).count == 2)
            }
        }
    }

    @Test func theSameCommandIDFromManySessionsAtOnceAppendsOnce() throws {
        try TestDatabase.with { db in
            let barrier = Barrier(count: 6)
            let outcomes = concurrently(6) { _ in
                try db.withConnection { connection in
                    barrier.arriveAndWait()
                    return try EventStore(connection: connection).append(
                        [event("s-once", "Paid")], expecting: [:],
                        metadata: AppendMetadata(actor: "clerk", occurredOn: "2026-11-26", commandID: "pay-1", fingerprint: "pay c-x 2026-27")
                    )
                }
            }
            let results = try outcomes.map { try $0.get() }
            #expect(Set(results.map(\.positions)) == [[1]])
            #expect(results.filter { !$0.replayed }.count == 1)
            try db.withConnection { connection throws in #expect(try logShape(connection).count == 1) }
        }
    }

    @Test func malformedEventsAreRefusedAsInput() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                let badJSON = #expect(throws: EventStoreError.self) {
                    try store.append([event("s-a", "T", "{not json")], metadata: meta())
                }
                #expect(badJSON?.code == .invalidInput)
                let badDate = #expect(throws: EventStoreError.self) {
                    try store.append([event("s-a")], metadata: meta(on: "2026-02-30"))
                }
                #expect(badDate?.code == .invalidInput)
                let empty = #expect(throws: EventStoreError.self) { try store.append([], metadata: meta()) }
                #expect(empty?.code == .invalidInput)
                #expect(try logShape(connection).count == 0)
            }
        }
    }

    @Test func everyAppendNotifiesItsHead() throws {
        try TestDatabase.with { db in
            let listener = try db.connect()
            defer { listener.close() }
            try listener.listen(EventStore.notificationChannel)
            try db.withConnection { connection throws in
                try EventStore(connection: connection).append([event("s-a"), event("s-a")], metadata: meta())
            }
            let notification = try listener.waitForNotification(timeout: 10)
            #expect(notification?.payload == "2")
        }
    }
}

@Suite struct BulkAppendTests {
    @Test func bulkAppendChainsLikeAppendAndIsIdempotent() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append([event("s-a")], metadata: meta())
                let events = (0..<5_000).map { index in
                    NewEvent(stream: "bulk-\(index % 7)", type: "Imported", data: #"{"row": \#(index), "name": "tab\there"}"#)
                }
                var reported: [Int] = []
                let result = try store.appendBulk(events, expecting: ["s-a": 1], metadata: meta(command: "import-1")) { reported.append($0) }
                #expect(result.positions == Array(2...5_001))
                #expect(reported.last == 5_000)
                #expect(reported.count == 6)
                let again = try store.appendBulk(events, expecting: ["s-a": 1], metadata: meta(command: "import-1"))
                #expect(again.replayed)
                #expect(again.positions == result.positions)
                #expect(try store.read(stream: "bulk-3").events.map(\.version) == Array(1...714))
                #expect(try store.verify().isIntact)
                #expect(try store.verify().checked == 5_001)
            }
        }
    }

    @Test func aStaleBulkAppendWritesNothing() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                let store = EventStore(connection: connection)
                try store.append([event("s-a")], metadata: meta())
                let events = (0..<2_000).map { NewEvent(stream: "bulk", type: "Imported", data: #"{"row": \#($0)}"#) }
                let error = #expect(throws: EventStoreError.self) {
                    try store.appendBulk(events, expecting: ["s-a": 0], metadata: meta())
                }
                #expect(error?.code == .concurrencyConflict)
                #expect(try logShape(connection).count == 1)
                #expect(connection.transactionState == .idle)
                let bad = #expect(throws: EventStoreError.self) {
                    try store.appendBulk(events + [NewEvent(stream: "bulk", type: "Imported", data: "{oops")], metadata: meta())
                }
                #expect(bad?.code == .invalidInput)
                #expect(try logShape(connection).count == 1)
            }
        }
    }
}
