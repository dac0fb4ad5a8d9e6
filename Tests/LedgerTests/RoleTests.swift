import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Testing
import TestSupport

/// The CLI runs as a login role in mcledger_writer: it must be able to do every write,
/// and no more; an auditor reads no names (schema/013) and changes none.
@Suite struct RoleTests {
    @Test func theWriterRoleWritesEventsAndNamesButDeletesNothing() throws {
        try TestDatabase.with { db in
            let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let writer = "t_writer_\(suffix)"
            let auditor = "t_auditor_\(suffix)"
            try db.withConnection { admin in
                try admin.simpleQuery("CREATE ROLE \(writer) LOGIN IN ROLE mcledger_writer; CREATE ROLE \(auditor) LOGIN IN ROLE mcledger_auditor")
            }
            defer {
                _ = try? db.withConnection { admin in try admin.simpleQuery("DROP ROLE IF EXISTS \(writer); DROP ROLE IF EXISTS \(auditor)") }
            }
            try Postgres.withConnection(db.configuration.with("user", writer)) { connection in
                let h = handler(connection)
                try h.handle(.registerPerson(RegisterPerson(person: pid("s-ana"), name: "Ana", role: .student)), request())
                try h.handle(batch: [.registerPerson(RegisterPerson(person: pid("s-ben"), name: "Ben", role: .student))], request(), kind: "import-people")
                #expect(try PeopleDirectory(connection: connection).name(of: "s-ben") == "Ben")
                let error = #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM mcledger.people") }
                #expect(error?.code == .insufficientPrivilege)
            }
            try Postgres.withConnection(db.configuration.with("user", auditor)) { connection throws in
                let denied = #expect(throws: (any Error).self) { try PeopleDirectory(connection: connection).name(of: "s-ana") }
                #expect((denied as? PostgresError)?.code == .insufficientPrivilege, "\(String(describing: denied))")
                #expect(try connection.execute("SELECT name FROM mcledger.directory WHERE person_id = 's-ana'").first?.string(0) == nil)
                let error = #expect(throws: PostgresError.self) { try connection.execute("UPDATE mcledger.people SET name = 'x'") }
                #expect(error?.code == .insufficientPrivilege)
            }
        }
    }
}
