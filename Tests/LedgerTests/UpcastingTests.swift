import EventCodec
import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// The write path reads an event stored in an older shape the way the projections do:
/// upcast, then decided on (issue 14: the write path's reading of a stored event used to
/// decode old versions unconverted; now every reader reads through ``EventCodec``).
@Suite(.serialized) struct UpcastingTests {
    /// An earlier build's name and keys for a student's join, and the upcaster a build
    /// that renamed them would carry.
    static let memberAdded = Upcaster(type: "MemberAdded", fromVersion: 1) { data in
        let old = try JSONSerialization.jsonObject(with: Data(data.utf8)) as! [String: String]
        let new = try JSONEncoder().encode(["community": old["group"]!, "student": old["who"]!])
        return ("StudentJoined", 1, String(decoding: new, as: UTF8.self))
    }

    @Test func aCommandDecidesOnAnOldVersionEventUpcast() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                try seedProgram(connection)
                // s-1 joins c-latinx, the community's half in the old shape (the superuser passes
                // the type check).
                try EventStore(connection: connection).append(
                    [
                        NewEvent(stream: "community-c-latinx", type: "MemberAdded", schemaVersion: 1, data: #"{"group": "c-latinx", "who": "s-1"}"#),
                        NewEvent(stream: "person-s-1", type: "StudentPlaced", data: #"{"community": "c-latinx", "student": "s-1"}"#),
                    ],
                    metadata: AppendMetadata(actor: "admin", occurredOn: "2026-08-01")
                )
                let store = EventStore(connection: connection)
                let streams: [Mentoring.StreamName] = [.program, .community(cid("c-latinx")), .person(pid("s-1"))]
                let slices = try store.read(streams: streams.map { .init($0.rawValue) })
                let recorded = slices.values.flatMap(\.events).sorted { $0.position < $1.position }

                // Without the upcaster the event cannot be read, and nothing may be decided.
                #expect(throws: UnreadableEventError.self) { _ = try recorded.map { try EventCodec(upcasters: []).envelope($0) } }

                // With it, the join is part of the community's state: s-1 may leave.
                var states = StreamStates()
                states.evolve(try recorded.map { try EventCodec(upcasters: [Self.memberAdded]).envelope($0) })
                let leave = Command.leaveStudent(LeaveStudent(student: pid("s-1"), community: cid("c-latinx")))
                let events = try Decider.decide(leave, given: states, context: DecisionContext(occurredOn: day("2026-09-01"), actor: Actor("coordinator")))
                #expect(events.map(\.event.typeName) == ["StudentLeft", "StudentReleased"])
            }
        }
    }
}
