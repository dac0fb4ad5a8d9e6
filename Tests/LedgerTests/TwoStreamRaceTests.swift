import EventCodec
import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// Guarantee 20: a decision that read two streams. A leader appointment reads `person-P`
/// and `community-C`; another session retitles P and commits after the appointment has
/// read P but before it appends. The appointment's append fails as a whole (community-C
/// gets no partial write); deciding again sees the new title and refuses by LDR-02.
@Suite struct TwoStreamRaceTests {
    static let retitled = Mentoring.Event.personRetitled(PersonRetitled(person: pid("f-2"), title: .clerkshipDirector)).encode()

    /// Runs the appointment of f-2 to c-gen-1 while a second session holds the ledger's
    /// append lock, waits until the appointment has read its streams and is blocked on the
    /// lock, then appends f-2's retitle and commits.
    func race(maxAttempts: Int) throws -> (Result<WriteOutcome, any Error>, community: Int, person: Int) {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection)
                try handler(connection).handle(
                    .registerPerson(RegisterPerson(person: pid("f-2"), name: "Dr. Two", role: .faculty, residencyCompleted: 2012)), request("2026-07-01")
                )
            }
            let before = try db.withConnection { try streamVersions($0) }
            let locked = Barrier(count: 2)
            let results = concurrently(2) { index -> WriteOutcome? in
                if index == 0 {
                    return try db.withConnection { connection in
                        locked.arriveAndWait()
                        return try handler(connection, maxAttempts: maxAttempts).handle(
                            .appointLeader(AppointLeader(leader: pid("f-2"), community: cid("c-gen-1"))), request()
                        )
                    }
                }
                return try db.withConnection { holder in
                    try appendWhileAnotherWaits(holder, ready: locked) { holder in
                        try EventStore(connection: holder).append(
                            [NewEvent(stream: "person-f-2", type: Self.retitled.type, data: String(decoding: Self.retitled.data, as: UTF8.self))],
                            metadata: AppendMetadata(actor: "registrar", occurredOn: "2026-07-20")
                        )
                    }
                    return nil
                }
            }
            _ = try results[1].get()
            let after = try db.withConnection { try streamVersions($0) }
            return (results[0].map { $0! }, after.community - before.community, after.person - before.person)
        }
    }

    func streamVersions(_ connection: Connection) throws -> (community: Int, person: Int) {
        let row = try connection.execute("""
            SELECT count(*) FILTER (WHERE stream = 'community-c-gen-1'), count(*) FILTER (WHERE stream = 'person-f-2')
              FROM mcledger.events
            """).first!
        return (row.int(0)!, row.int(1)!)
    }

    @Test func theAppointmentThatReadAChangedPersonFailsWhole() throws {
        let (result, community, person) = try race(maxAttempts: 1)
        guard case .failure(let error as LedgerError) = result else {
            Issue.record("the appointment should have lost the race, got \(result)")
            return
        }
        #expect(error.code == .conflictUnresolved)
        #expect(community == 0, "community-c-gen-1 got a partial write")
        #expect(person == 1, "only the retitle is on person-f-2")
    }

    @Test func decidingAgainSeesTheNewTitleAndRefuses() throws {
        let (result, community, person) = try race(maxAttempts: 5)
        guard case .failure(let error as DomainError) = result else {
            Issue.record("the appointment should have been refused on its second decision, got \(result)")
            return
        }
        #expect(error.rule == .ldr02)
        #expect(community == 0)
        #expect(person == 1)
    }
}
