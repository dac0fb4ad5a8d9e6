import EventStore
import Foundation
@testable import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// A batch (an import) reads its streams up front: the named streams a few at a time, or
/// the whole log when that is smaller. Either way each decision must see exactly the
/// states and versions it would have read on its own, one stream at a time.
@Suite struct StreamLoaderTests {
    /// `streamsPerRead` small enough to split the reads into several queries; `newPeople`
    /// registrations make the batch name more streams than the log has events, which
    /// switches to reading the whole log.
    @Test(arguments: [(1, 0), (7, 0), (5_000, 0), (1, 20), (7, 20)])
    func prefetchedStatesAreWhatEachCommandReadsOnItsOwn(streamsPerRead: Int, newPeople: Int) throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection, students: 5)
                let h = handler(connection)
                try h.handle(.registerPerson(RegisterPerson(person: pid("f-2"), name: "Dr. Two", role: .faculty, residencyCompleted: 2010)), request())
                let year = try AcademicYear("2026-27")
                try h.handle(.requestStipend(RequestStipend(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: try Cents(dollars: "2500"))), request(actor: "requester"))
                let logged = try h.handle(.logHours(LogHours(leader: pid("f-1"), community: cid("c-latinx"), hours: try Hours("1"), activity: "advising")), request())
                try h.handle(.correctEvent(CorrectEvent(eventID: EventID(logged.events[0].eventID), stream: .community(cid("c-latinx")))), request(reason: "wrong community"))

                var commands: [Command] = (6...20).map { .joinStudent(JoinStudent(student: pid("s-\($0)"), community: cid("c-latinx"))) }
                commands.append(.appointLeader(AppointLeader(leader: pid("f-2"), community: cid("c-gen-1"))))
                commands.append(.leaveStudent(LeaveStudent(student: pid("s-1"), community: cid("c-latinx"))))
                // Reads the payee f-1, known only from the community's stipend request.
                commands.append(.approveStipend(ApproveStipend(community: cid("c-latinx"), year: year)))
                commands += (0..<newPeople).map { .registerPerson(RegisterPerson(person: pid("s-new-\($0)"), name: "New \($0)", role: .student, classOf: 2030)) }

                let store = EventStore(connection: connection)
                var oneByOne = StreamLoader(store: store)
                for command in commands { try oneByOne.load(for: command) }
                #expect(oneByOne.expected[.person(pid("f-1"))] != nil)

                var prefetched = StreamLoader(store: store, streamsPerRead: streamsPerRead)
                try prefetched.prefetch(for: commands)
                for command in commands { try prefetched.load(for: command) }

                let named = Set(commands.flatMap(\.streamsRead)).count
                let logEvents = try store.head().position
                let logIsSmaller = named > streamsPerRead && logEvents <= Int64(named)
                #expect((prefetched.logVersions != nil) == logIsSmaller)
                #expect(prefetched.expected == oneByOne.expected)
                for stream in oneByOne.expected.keys {
                    switch stream {
                    case .program: #expect(prefetched.states.program == oneByOne.states.program)
                    case .community(let id): #expect(prefetched.states.community(id) == oneByOne.states.community(id), "\(stream)")
                    case .person(let id): #expect(prefetched.states.person(id) == oneByOne.states.person(id), "\(stream)")
                    case .disclosures: Issue.record("no command reads the disclosures stream")
                    }
                }
            }
        }
    }

    /// A retry's read (issue 16): a loader given what an earlier one read asks only for
    /// the events appended since, and folds to exactly the states, versions and unreadable
    /// events a fresh read gives. Random histories: each round appends random commands
    /// (joins, leaves, hours, training, registrations, on random and back-dated days; some
    /// refused) and now and then an event no reader can decode, then checks a random set
    /// of commands' streams both ways against the plain reference, a fresh loader.
    @Test(arguments: [UInt64(11), 2026, 90_210])
    func aCachedReadFoldsOnlyWhatMovedAndIsAFreshRead(seed: UInt64) throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection, students: 5)
                var random = SeededGenerator(seed: seed)
                let h = handler(connection)
                let store = EventStore(connection: connection)
                let cache = StreamCache()
                let communities = [cid("c-latinx"), cid("c-gen-1")]
                var registered = 20
                func someCommand() throws -> Command {
                    let student = pid("s-\(Int.random(in: 1...registered, using: &random))")
                    let community = communities.randomElement(using: &random)!
                    switch Int.random(in: 0..<5, using: &random) {
                    case 0: return .joinStudent(JoinStudent(student: student, community: community))
                    case 1: return .leaveStudent(LeaveStudent(student: student, community: community))
                    case 2: return .logHours(LogHours(leader: pid("f-1"), community: cid("c-latinx"), hours: try Hours("1"), activity: "advising"))
                    case 3: return .completeTraining(CompleteTraining(faculty: pid("f-1"), hours: try Hours("2")))
                    default:
                        registered += 1
                        return .registerPerson(RegisterPerson(person: pid("s-\(registered)"), name: "Student \(registered)", role: .student, classOf: 2029))
                    }
                }
                for round in 0..<12 {
                    for _ in 0..<Int.random(in: 0...4, using: &random) {
                        let on = String(format: "2026-%02d-%02d", Int.random(in: 7...12, using: &random), Int.random(in: 1...28, using: &random))
                        do {
                            try h.handle(try someCommand(), request(on))
                        } catch is DomainError {
                            // Refused by a rule: nothing appended, as in real use.
                        }
                    }
                    if Int.random(in: 0..<5, using: &random) == 0 {
                        // A type from a later build, written as the owner can: unreadable here.
                        try store.append(
                            [NewEvent(stream: EventStore.StreamName(Mentoring.StreamName.community(communities.randomElement(using: &random)!).rawValue), type: "FutureThing", data: "{}")],
                            metadata: AppendMetadata(actor: "later-build", occurredOn: "2026-09-01")
                        )
                    }
                    let commands = try (0..<Int.random(in: 1...4, using: &random)).map { _ in try someCommand() }
                    let before = cache.entries
                    var fresh = StreamLoader(store: store)
                    var cached = StreamLoader(store: store, cache: cache)
                    for command in commands {
                        try fresh.load(for: command)
                        try cached.load(for: command)
                    }
                    let context = "seed \(seed), round \(round)"
                    #expect(cached.expected == fresh.expected, "\(context)")
                    var moved = 0
                    for stream in fresh.expected.keys {
                        moved += (fresh.expected[stream] ?? 0) - (before[stream]?.version ?? 0)
                        switch stream {
                        case .program: #expect(cached.states.program == fresh.states.program, "\(context)")
                        case .community(let id): #expect(cached.states.community(id) == fresh.states.community(id), "\(context): \(stream)")
                        case .person(let id): #expect(cached.states.person(id) == fresh.states.person(id), "\(context): \(stream)")
                        case .disclosures: Issue.record("no command reads the disclosures stream")
                        }
                        #expect(cached.unreadable(in: [stream]).map(\.position) == fresh.unreadable(in: [stream]).map(\.position), "\(context): \(stream)")
                        #expect(cache[stream]?.version == fresh.expected[stream], "\(context): \(stream)")
                    }
                    // Only what was appended since the cached versions came over the wire.
                    #expect(cached.eventsRead == moved, "\(context)")
                }
            }
        }
    }

    /// The cache keeps at most its capacity of streams; the rest are read whole each time.
    @Test func theCacheHoldsItsCapacityOfStreams() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection)
                let store = EventStore(connection: connection)
                let cache = StreamCache(capacity: 2)
                var loader = StreamLoader(store: store, cache: cache)
                for stream in [Mentoring.StreamName.program, .person(pid("s-1")), .person(pid("s-2"))] { try loader.load(stream) }
                #expect(cache.entries.count == 2)
                #expect(cache[.person(pid("s-2"))] == nil)
                var again = StreamLoader(store: store, cache: cache)
                for stream in [Mentoring.StreamName.program, .person(pid("s-1")), .person(pid("s-2"))] { try again.load(stream) }
                // Nothing moved: only the uncached stream's one event is read again.
                #expect(again.eventsRead == 1)
                #expect(again.expected == loader.expected)
            }
        }
    }
}
