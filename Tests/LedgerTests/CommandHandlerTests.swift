import EventStore
import Foundation
@testable import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

@Suite struct CommandHandlerTests {
    @Test func aCommandAppendsItsEventsWithMetadataAndTheNameGoesToTheDirectory() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let h = handler(connection)
                try h.handle(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)), request())
                let outcome = try h.handle(
                    .registerPerson(RegisterPerson(person: pid("s-ana"), name: "  Ana Ruiz ", role: .student, classOf: 2029)),
                    request("2026-08-02", actor: "clerk", reason: "new intake", id: "reg-ana")
                )
                #expect(outcome.replayed == false)
                #expect(outcome.commandID == "reg-ana")
                #expect(outcome.events.map(\.position) == [2])
                #expect(outcome.events.map(\.stream) == ["person-s-ana"])
                #expect(outcome.events.map(\.type) == ["PersonRegistered"])
                let stored = try EventStore(connection: connection).read(stream: "person-s-ana").events[0]
                #expect(stored.eventID == outcome.events[0].eventID)
                #expect(stored.actor == "clerk")
                #expect(stored.occurredOn == "2026-08-02")
                #expect(stored.commandID == "reg-ana")
                // The reason lives beside the log (schema/015); the metadata commits to it.
                #expect(stored.metadata.hasPrefix(#"{"login": "\#(connection.user)", "reasonSha256": ""#))
                #expect(stored.textValues == ["reason": "new intake"])
                #expect(!stored.data.contains("Ana"), "names never enter the log")
                #expect(try PeopleDirectory(connection: connection).name(of: "s-ana") == "Ana Ruiz")
                let row = try connection.execute("SELECT registered_position FROM mcledger.people WHERE person_id = 's-ana'").first
                #expect(row?.int64(0) == 2)
            }
        }
    }

    @Test func aRefusedCommandWritesNothing() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection, students: 18)
                let before = try eventCount(connection)
                let error = #expect(throws: DomainError.self) {
                    try handler(connection).handle(.joinStudent(JoinStudent(student: pid("s-19"), community: cid("c-latinx"))), request())
                }
                #expect(error?.description == "COM-03: c-latinx already has 18 students (the maximum); remove one first")
                #expect(try eventCount(connection) == before)
                #expect(connection.transactionState == .idle)
            }
        }
    }

    @Test func theSameCommandIDReturnsTheFirstOutcomeEvenWhenTheRulesWouldNowRefuse() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection)
                let h = handler(connection)
                let join = Command.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-latinx")))
                let first = try h.handle(join, request(id: "join-1"))
                let count = try eventCount(connection)
                // Joining again would be refused (already a member); the id answers first.
                let again = try h.handle(join, request(id: "join-1"))
                #expect(again.replayed)
                #expect(again.events == first.events)
                #expect(try eventCount(connection) == count)
                // The same id for another command is refused, and writes nothing.
                let other = Command.joinStudent(JoinStudent(student: pid("s-2"), community: cid("c-latinx")))
                let error = #expect(throws: EventStoreError.self) { try h.handle(other, request(id: "join-1")) }
                #expect(error?.code == .commandIDReused)
                #expect(error?.description == "command id join-1 reused with a different command; use a new command id for a new command")
                // Another date is another command too.
                #expect(throws: EventStoreError.self) { try h.handle(join, request("2026-08-03", id: "join-1")) }
                #expect(try eventCount(connection) == count)
            }
        }
    }

    @Test func withoutACommandIDTheHandlerChoosesOne() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let outcome = try handler(connection).handle(
                    .establishCommunity(EstablishCommunity(community: cid("c-1"), name: "One", focus: .general)), request()
                )
                #expect(UUID(uuidString: outcome.commandID) != nil)
                #expect(try EventStore(connection: connection).read(stream: "program").events[0].commandID == outcome.commandID)
            }
        }
    }

    @Test func raceForTheLastSeatHasExactlyOneWinner() throws {
        try TestDatabase.with { db in
            try db.withConnection { try seedProgram($0, students: 17) }
            let barrier = Barrier(count: 3)
            let results = concurrently(3) { index -> String in
                try db.withConnection { connection in
                    barrier.arriveAndWait()
                    do {
                        let outcome = try handler(connection).handle(
                            .joinStudent(JoinStudent(student: pid("s-\(18 + index)"), community: cid("c-latinx"))), request()
                        )
                        return "joined after \(outcome.attempts)"
                    } catch let error as DomainError {
                        return error.code.rawValue
                    }
                }
            }
            let outcomes = try results.map { try $0.get() }
            #expect(outcomes.filter { $0.hasPrefix("joined") }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "COM-03" }.count == 2, "\(outcomes)")
            try db.withConnection { connection in
                let joined = try connection.execute("SELECT count(*) FROM mcledger.events WHERE type = 'StudentJoined'").first!.int(0)!
                #expect(joined == 18)
                #expect(try EventStore(connection: connection).verify().isIntact)
            }
        }
    }

    /// Holds the append lock, lets the handler read and block on it, moves the community,
    /// then lets go: the handler's first append must conflict.
    func raceOneConflict(maxAttempts: Int) throws -> Result<WriteOutcome, any Error> {
        try TestDatabase.with { db in
            try db.withConnection { try seedProgram($0, students: 1) }
            let locked = Barrier(count: 2)
            let results = concurrently(2) { index -> WriteOutcome? in
                if index == 0 {
                    return try db.withConnection { connection in
                        locked.arriveAndWait()
                        return try handler(connection, maxAttempts: maxAttempts).handle(
                            .joinStudent(JoinStudent(student: pid("s-5"), community: cid("c-latinx"))), request()
                        )
                    }
                }
                return try db.withConnection { holder in
                    try appendWhileAnotherWaits(holder, ready: locked) { holder in
                        try EventStore(connection: holder).append(
                            [NewEvent(stream: "community-c-latinx", type: "HoursLogged", data: #"{"community":"c-latinx","leader":"f-1","hours":"1.00","activity":"x"}"#)],
                            metadata: AppendMetadata(actor: "other", occurredOn: "2026-08-01")
                        )
                    }
                    return nil
                }
            }
            _ = try results[1].get()
            return results[0].map { $0! }
        }
    }

    @Test func aConflictIsRetriedByDecidingAgain() throws {
        let outcome = try raceOneConflict(maxAttempts: 5).get()
        #expect(outcome.attempts == 2)
        #expect(outcome.events.map(\.type) == ["StudentJoined", "StudentPlaced"])
    }

    /// A conflict re-reads only the streams that moved, and of them only what is new: the
    /// retry of a join the holder's one HoursLogged raced reads that one event.
    @Test func aRetryReadsOnlyWhatWasAppendedSince() throws {
        try TestDatabase.with { db in
            try db.withConnection { try seedProgram($0, students: 3) }
            let locked = Barrier(count: 2)
            let results = concurrently(2) { index -> [Int] in
                if index == 0 {
                    return try db.withConnection { connection in
                        locked.arriveAndWait()
                        let h = handler(connection)
                        let outcome = try h.handle(.joinStudent(JoinStudent(student: pid("s-5"), community: cid("c-latinx"))), request())
                        #expect(outcome.attempts == 2)
                        return h.eventsReadByAttempt
                    }
                }
                return try db.withConnection { holder in
                    try appendWhileAnotherWaits(holder, ready: locked) { holder in
                        try EventStore(connection: holder).append(
                            [NewEvent(stream: "community-c-latinx", type: "HoursLogged", data: #"{"community":"c-latinx","leader":"f-1","hours":"1.00","activity":"x"}"#)],
                            metadata: AppendMetadata(actor: "other", occurredOn: "2026-08-01")
                        )
                    }
                    return []
                }
            }
            _ = try results[1].get()
            let reads = try results[0].get()
            #expect(reads.count == 2, "\(reads)")
            // The first attempt read the program, the community and the students' streams.
            #expect((reads.first ?? 0) > 5, "\(reads)")
            #expect(reads.last == 1, "\(reads)")
        }
    }

    @Test func exhaustedRetriesAreAnUnresolvedConflict() throws {
        let result = try raceOneConflict(maxAttempts: 1)
        #expect(throws: LedgerError.self) { try result.get() }
        if case .failure(let error as LedgerError) = result {
            #expect(error.code == .conflictUnresolved)
            #expect(error.message.contains("gave up after 1 attempts"))
        }
    }

    @Test func writesToAClosedYearNeedAReasonAndAreMarked() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection)
                let h = handler(connection)
                try h.handle(.closeYear(CloseYear(year: try AcademicYear("2026-27"))), request("2027-07-15"))
                let log = Command.logHours(LogHours(leader: pid("f-1"), community: cid("c-latinx"), hours: try Hours("2"), activity: "advising"))
                let error = #expect(throws: DomainError.self) { try h.handle(log, request("2027-06-01")) }
                #expect(error?.rule == .rec01)
                let outcome = try h.handle(log, request("2027-06-01", reason: "found in May's notes"))
                let stored = try EventStore(connection: connection).events(after: outcome.events[0].position - 1, limit: 1)[0]
                #expect(stored.metadata.hasPrefix(#"{"login": "\#(connection.user)", "reasonSha256": ""#))
                #expect(stored.metadata.hasSuffix(#"", "postCloseAdjustment": true}"#))
                #expect(stored.textValues == ["activity": "advising", "reason": "found in May's notes"])
                // The write path's lean read (binary, texts only for events committing to
                // one) reads what the text-form read reads, texts and all.
                let store = EventStore(connection: connection)
                let stream = EventStore.StreamName(outcome.events[0].stream)
                let byText = try store.events(stream: stream)
                #expect(byText.contains { $0.texts != nil })
                #expect(try store.read(streams: [stream, "program"])[stream]?.events == byText)
                #expect(try store.read(stream: stream).events == byText)
            }
        }
    }

    @Test func aCorrectionFindsItsStreamByEventID() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection, students: 2)
                let h = handler(connection)
                let gathering = try h.handle(.recordGathering(RecordGathering(
                    community: cid("c-latinx"), kind: .bookClub, hours: try Hours("2"), facilitator: pid("f-1"), attendees: [pid("s-1")]
                )), request())
                let eventID = gathering.events[0].eventID
                let correction = try EventLookup(connection: connection).correction(of: eventID.uppercased())
                #expect(correction.stream == .community(cid("c-latinx")))
                let outcome = try h.handle(.correctEvent(correction), request(reason: "wrong date"))
                #expect(outcome.events.map(\.type) == ["EventCorrected"])
                #expect(outcome.events.map(\.stream) == ["community-c-latinx"])
                let again = #expect(throws: DomainError.self) { try h.handle(.correctEvent(correction), request(reason: "twice")) }
                #expect(again?.code == .alreadyDone)
                #expect(throws: InvalidValue.self) { try EventLookup(connection: connection).correction(of: "not-a-uuid") }
                let missing = #expect(throws: DomainError.self) {
                    try EventLookup(connection: connection).correction(of: "00000000-0000-0000-0000-000000000000")
                }
                #expect(missing?.code == .notApplicable)
            }
        }
    }

    @Test func theStipendReadsItsPayeeAndSeparatesDutiesByLogin() throws {
        try TestDatabase.with { db in
            try db.withConnection { try seedProgram($0) }
            let year = try AcademicYear("2026-27")
            let approve = Command.approveStipend(ApproveStipend(community: cid("c-latinx"), year: year, waiver: "new program"))
            // Each step on its own login's connection, as three people would.
            func on<T>(_ login: String, _ body: (CommandHandler) throws -> T) throws -> T {
                try Postgres.withConnection(try db.configuration(login: login)) { try body(handler($0)) }
            }
            try on("requester") { h in
                try h.handle(.requestStipend(RequestStipend(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: try Cents(dollars: "2500"))), request(actor: "requester"))
            }
            // The requester's login under another name is still the requester.
            let sameLogin = try on("requester") { h in #expect(throws: DomainError.self) { try h.handle(approve, request(actor: "F-C, approving")) } }
            #expect(sameLogin?.rule == .stp04)
            #expect(sameLogin?.message.contains("requester") == true)
            try on("approver") { h in try h.handle(approve, request(actor: "approver")) }
            let pay = Command.payStipend(PayStipend(community: cid("c-latinx"), year: year, reference: "AP-1"))
            let approverPays = try on("approver") { h in #expect(throws: DomainError.self) { try h.handle(pay, request(actor: "f-c@school.edu")) } }
            #expect(approverPays?.rule == .stp04)
            let paid = try on("payer") { h in try h.handle(pay, request(actor: "payer")) }
            #expect(paid.events.map(\.type) == ["StipendPaid"])
            // The server recorded each login beside the actor, inside the chained metadata.
            let rows = try db.withConnection { connection in
                try connection.execute("SELECT type, actor, login, metadata->>'login' FROM mcledger.events WHERE type LIKE 'Stipend%' ORDER BY position").map {
                    [$0.string(0)!, $0.string(1)!, $0.string(2)!, $0.string(3)!]
                }
            }
            #expect(rows == [
                ["StipendRequested", "requester", "requester", "requester"],
                ["StipendApproved", "approver", "approver", "approver"],
                ["StipendPaid", "payer", "payer", "payer"],
            ])
        }
    }

    @Test func aLoginCannotPreClaimAnotherLoginsCommandID() throws {
        try TestDatabase.with { db in
            try db.withConnection { try seedProgram($0) }
            let command = Command.registerPerson(RegisterPerson(person: pid("s-nia"), name: "Nia", role: .student, classOf: 2029))
            let attacker = try Postgres.withConnection(try db.configuration(login: "mallory")) { connection in
                try handler(connection).handle(.registerPerson(RegisterPerson(person: pid("s-decoy"), name: "Decoy", role: .student, classOf: 2029)),
                                               request(actor: "mallory", id: "2026-09-01-nia"))
            }
            #expect(!attacker.replayed)
            let real = try Postgres.withConnection(try db.configuration(login: "ann")) { connection in
                try handler(connection).handle(command, request(actor: "ann", id: "2026-09-01-nia"))
            }
            #expect(!real.replayed && real.events.map(\.type) == ["PersonRegistered"])
            let again = try Postgres.withConnection(try db.configuration(login: "ann")) { connection in
                try handler(connection).handle(command, request(actor: "ann", id: "2026-09-01-nia"))
            }
            #expect(again.replayed && again.events == real.events)
        }
    }
}
