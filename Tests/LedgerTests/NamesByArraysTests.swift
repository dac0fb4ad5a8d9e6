import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// schema/020: an import records its names through record_names' array form, which must
/// accept and refuse exactly what the JSON form (schema/011, 013) does.
@Suite struct NamesByArraysTests {
    /// What a call answered: the rows it recorded, or its error.
    static func outcome(_ connection: Connection, _ sql: String, _ parameters: [String?]) throws -> String {
        try connection.simpleQuery("SAVEPOINT names")
        defer { _ = try? connection.simpleQuery("ROLLBACK TO SAVEPOINT names") }
        do {
            return try connection.execute(sql, parameters).first?.string(0) ?? "null"
        } catch let error as PostgresError {
            return "\(error.code?.rawValue ?? "-") \(error.message) \(error.hint ?? "")"
        }
    }

    @Test func theArrayFormAnswersAsTheJSONForm() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seedProgram(connection)
                // A person registered without a directory entry, and one erased.
                try handler(connection).handle(.registerPerson(RegisterPerson(person: pid("s-40"), name: "Forty", role: .student, classOf: 2029)), request())
                try connection.execute("DELETE FROM mcledger.people WHERE person_id = 's-40'")
                let registered = try connection.execute("SELECT position FROM mcledger.events WHERE stream = 'person-s-40'").first!.int64(0)!
                let other = try connection.execute("SELECT position FROM mcledger.events WHERE stream = 'person-s-2'").first!.int64(0)!
                let cases: [(id: String?, name: String?, position: Int64)] = [
                    ("s-40", "Forty Again", registered),
                    ("s-40", "Forty Again", other),
                    ("s-2", "Two Again", other),
                    (nil, "Nobody", registered),
                    ("s-40", nil, registered),
                    ("s-99", "Unknown", 999_999),
                ]
                try connection.withTransaction { connection throws in
                    for entry in cases {
                        let json = "[{\"id\":\(entry.id.map(JSONText.quote) ?? "null"),\"name\":\(entry.name.map(JSONText.quote) ?? "null"),\"position\":\(entry.position)}]"
                        let fromJSON = try Self.outcome(connection, "SELECT mcledger.record_names($1::jsonb)", [json])
                        let fromArrays = try Self.outcome(
                            connection, "SELECT mcledger.record_names(ARRAY[$1]::text[], ARRAY[$2]::text[], ARRAY[$3]::bigint[])",
                            [entry.id, entry.name, String(entry.position)]
                        )
                        #expect(fromJSON == fromArrays, "\(entry)")
                    }
                    let uneven = try Self.outcome(connection, "SELECT mcledger.record_names(ARRAY['s-40'], ARRAY['Forty'], ARRAY[]::bigint[])", [])
                    #expect(uneven.contains("as many names and positions as ids"), "\(uneven)")
                }
            }
        }
    }

    /// schema/022: a call naming only new people inserts them plainly, one naming a person
    /// already in the directory upserts as before, and a refused call reports its first
    /// refused entry in the order given and records nothing.
    @Test func aCallOfManyEntriesRecordsAllOrNone() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                try seedProgram(connection)
                let commands = handler(connection)
                for id in ["s-40", "s-41"] {
                    try commands.handle(.registerPerson(RegisterPerson(person: pid(id), name: "New \(id)", role: .student, classOf: 2029)), request())
                }
                try commands.handle(.renamePerson(RenamePerson(person: pid("s-2"), name: "Two Renamed")), request())
                try connection.execute("DELETE FROM mcledger.people WHERE person_id IN ('s-40', 's-41')")
                // s-2 as before the rename: its name from its registration.
                try connection.execute("""
                    UPDATE mcledger.people SET name = 'Two', registered_position =
                        (SELECT position FROM mcledger.events WHERE stream = 'person-s-2' AND type = 'PersonRegistered')
                     WHERE person_id = 's-2'
                    """)
                func position(_ stream: String, _ type: String) throws -> String {
                    String(try connection.execute("SELECT position FROM mcledger.events WHERE stream = $1 AND type = $2", [stream, type]).first!.int64(0)!)
                }
                let forty = try position("person-s-40", "PersonRegistered")
                let fortyOne = try position("person-s-41", "PersonRegistered")
                let renamed = try position("person-s-2", "PersonDetailsChanged")
                /// The call's error, rolled back; or the rows it recorded, kept.
                func call(_ entries: [(String, String, String)]) throws -> String {
                    let sql = "SELECT mcledger.record_names($1::text[], $2::text[], $3::bigint[])"
                    let arguments = [Self.array(entries.map(\.0)), Self.array(entries.map(\.1)), Self.array(entries.map(\.2))]
                    let outcome = try Self.outcome(connection, sql, arguments)
                    guard Int(outcome) != nil else { return outcome }
                    return try connection.execute(sql, arguments).first?.string(0) ?? "null"
                }
                func names() throws -> [String] {
                    try connection.execute("SELECT person_id || '=' || name FROM mcledger.people WHERE person_id IN ('s-2', 's-40', 's-41') ORDER BY 1")
                        .map { $0.string(0)! }
                }
                try connection.withTransaction { connection throws in
                    // Refused: the first refused entry in the order given, and nothing recorded.
                    let refused = try call([("s-40", "Forty", forty), ("s-41", "Forty-one", forty), ("s-2", "Two", forty)])
                    #expect(refused.hasPrefix("MCL04 no name for s-41 without its event: position \(forty) is not a registration"), "\(refused)")
                    let twice = try call([("s-40", "Forty", forty), ("s-40", "Forty", forty)])
                    #expect(twice.hasPrefix("23505"), "\(twice)")
                    #expect(try names() == ["s-2=Two"])
                    // New people only: inserted.
                    #expect(try call([("s-40", "Forty", forty), ("s-41", "Forty-one", fortyOne)]) == "2")
                    #expect(try names() == ["s-2=Two", "s-40=Forty", "s-41=Forty-one"])
                    // A new person and a known one: the known one's name changes.
                    try connection.execute("DELETE FROM mcledger.people WHERE person_id = 's-41'")
                    #expect(try call([("s-41", "Forty-one", fortyOne), ("s-2", "Two Renamed", renamed)]) == "2")
                    #expect(try names() == ["s-2=Two Renamed", "s-40=Forty", "s-41=Forty-one"])
                }
            }
        }
    }

    /// A text[] or bigint[] literal of plain values.
    static func array(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0 + "\"" }.joined(separator: ",") + "}"
    }
}
