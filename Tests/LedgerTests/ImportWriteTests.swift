import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// What an import writes besides its events' payloads: a fresh random id per event, and
/// names in the people directory exactly as given (the handler quotes them into JSON
/// itself).
@Suite struct ImportWriteTests {
    @Test func everyEventGetsItsOwnVersion4UUID() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let people = (1...500).map { index in
                    Command.registerPerson(RegisterPerson(person: pid("s-\(index)"), name: "Student \(index)", role: .student, classOf: 2029))
                }
                let outcome = try handler(connection).handle(batch: people, request(), kind: "test")
                #expect(outcome.events.count == 500)
                #expect(Set(outcome.events.map(\.eventID)).count == 500)
                let row = try connection.execute("""
                    SELECT count(DISTINCT event_id),
                           bool_and(event_id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')
                      FROM mcledger.events
                    """).first
                #expect(row?.int(0) == 500)
                #expect(row?.bool(1) == true)
            }
        }
    }

    @Test func namesReachTheDirectoryExactlyAsGiven() throws {
        let names = [
            "s-quote": #"Ana "Nita" Ruiz"#,
            "s-backslash": #"O\Brien / Smith"#,
            "s-tab": "Tab\tInside",
            "s-bell": "Bell\u{7}Inside",
            "s-unicode": "Zoë 李 🙂",
            "s-padded": "  Padded Name \t",
        ]
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let commands = names.keys.sorted().map { id in
                    Command.registerPerson(RegisterPerson(person: pid(id), name: names[id]!, role: .student, classOf: 2029))
                }
                try handler(connection).handle(batch: commands, request(), kind: "test")
                let directory = PeopleDirectory(connection: connection)
                for (id, name) in names {
                    #expect(try directory.name(of: id) == name.trimmingCharacters(in: .whitespacesAndNewlines), "\(id)")
                }
            }
        }
    }
}
