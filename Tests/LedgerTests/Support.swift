import EventStore
import Foundation
import Ledger
import Logging
import Mentoring
import Postgres
import Testing
import TestSupport

func cid(_ text: String) -> CommunityID { try! CommunityID(text) }
func pid(_ text: String) -> PersonID { try! PersonID(text) }
func day(_ text: String) -> Day { try! Day(text) }

func handler(_ connection: Connection, maxAttempts: Int = 5) -> CommandHandler {
    CommandHandler(connection: connection, logger: Logger(label: "test"), maxAttempts: maxAttempts)
}

func request(_ date: String = "2026-08-01", actor: String = "coordinator", reason: String? = nil, id: String? = nil) -> WriteRequest {
    WriteRequest(actor: actor, occurredOn: day(date), reason: reason, commandID: id)
}

func eventCount(_ connection: Connection) throws -> Int {
    try connection.execute("SELECT count(*) FROM mcledger.events").first!.int(0)!
}

/// A community c-latinx with leader f-1 and `students` of s-1…s-20 joined, everything
/// registered on 2026-07-01.
func seedProgram(_ connection: Connection, students: Int = 0) throws {
    let h = handler(connection)
    let on = request("2026-07-01")
    try h.handle(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)), on)
    try h.handle(.establishCommunity(EstablishCommunity(community: cid("c-gen-1"), name: "General 1", focus: .general)), on)
    try h.handle(.registerPerson(RegisterPerson(person: pid("f-1"), name: "Dr. One", role: .faculty, residencyCompleted: 2010)), on)
    try h.handle(.appointLeader(AppointLeader(leader: pid("f-1"), community: cid("c-latinx"))), on)
    try h.handle(batch: (1...20).map { index in
        .registerPerson(RegisterPerson(person: pid("s-\(index)"), name: "Student \(index)", role: .student, classOf: 2029))
    }, on, kind: "seed")
    if students > 0 {
        try h.handle(batch: (1...students).map { index in
            .joinStudent(JoinStudent(student: pid("s-\(index)"), community: cid("c-latinx")))
        }, on, kind: "seed-join")
    }
}

/// Holds the ledger's append lock in a transaction of `holder`'s own, lets `ready`'s other
/// party go, waits until a session is blocked on the lock (a command that has read its
/// streams and now appends), runs `body` in the transaction and commits: a write that
/// lands between another command's reading and its append.
func appendWhileAnotherWaits(_ holder: Connection, ready: Barrier, _ body: (Connection) throws -> Void) throws {
    try holder.simpleQuery("BEGIN")
    try holder.execute("SELECT pg_advisory_xact_lock(7164793357218064997)")
    ready.arriveAndWait()
    // A waiter in this database (pg_locks shows the whole cluster's, other tests' too),
    // for up to a minute: on a machine busy with the rest of the suite the other party
    // may take seconds to reach the lock.
    var waited = false
    for _ in 0..<6000 where !waited {
        waited = try holder.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").first!.int(0)! > 0
        if !waited { Thread.sleep(forTimeInterval: 0.01) }
    }
    #expect(waited, "no session waited for the ledger's lock: the race this test sets up did not happen")
    try body(holder)
    try holder.simpleQuery("COMMIT")
}
