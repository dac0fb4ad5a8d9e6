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
}
