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
}
