import Postgres
import Projections
import Testing
import TestSupport

/// GUARANTEES 8: the auditor reads the views and nothing more of the read models, and
/// writes nothing.
@Suite struct AuditorRoleTests {
    func failure(of sql: String, as role: String, in connection: Connection) throws -> SQLState? {
        try connection.simpleQuery("SET ROLE \(role)")
        defer { _ = try? connection.simpleQuery("RESET ROLE") }
        do {
            try connection.simpleQuery(sql)
            return nil
        } catch let error as PostgresError {
            return error.code
        }
    }

    static let views = [
        "projection_status", "roster_communities", "roster_tenures", "roster_current", "compliance_findings",
        "compliance_evaluations", "audit_stipends", "audit_exceptions", "audit_subjects", "audit_corrections",
        "audit_adjustments", "audit_trail",
    ]

    @Test func theAuditorReadsTheViewsAndWritesNothing() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                try runner(connection).catchUp()
                for view in Self.views {
                    #expect(try failure(of: "SELECT count(*) FROM mcledger.\(view)", as: "mcledger_auditor", in: connection) == nil, "\(view)")
                    #expect(try failure(of: "DELETE FROM mcledger.\(view)", as: "mcledger_auditor", in: connection) != nil, "\(view)")
                    let writable = try connection.execute(
                        "SELECT has_table_privilege('mcledger_auditor', $1, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')", ["mcledger.\(view)"]
                    )
                    #expect(writable.first?.bool(0) == false, "\(view)")
                }
                for table in ["roster_tenures_a", "compliance_findings_b", "audit_stipends_a", "projection_checkpoints", "projection_leads"] {
                    #expect(try failure(of: "SELECT count(*) FROM mcledger.\(table)", as: "mcledger_auditor", in: connection) == .insufficientPrivilege, "\(table)")
                    #expect(try failure(of: "TRUNCATE mcledger.\(table)", as: "mcledger_auditor", in: connection) == .insufficientPrivilege, "\(table)")
                }
                #expect(try failure(of: "UPDATE mcledger.projection_generations SET active = 'b'", as: "mcledger_auditor", in: connection) == .insufficientPrivilege)
                #expect(try failure(of: "INSERT INTO mcledger.roster_tenures_a (community, role, person, since, start_position) VALUES ('c', 'student', 's', '2026-01-01', 1)", as: "mcledger_auditor", in: connection) == .insufficientPrivilege)
                #expect(try failure(of: "CREATE TABLE mcledger.sneaky (x int)", as: "mcledger_auditor", in: connection) == .insufficientPrivilege)
                #expect(try failure(of: "CREATE TABLE public.sneaky (x int)", as: "mcledger_auditor", in: connection) == .insufficientPrivilege)
                // The views give the auditor the answers the CLI prints.
                try connection.simpleQuery("SET ROLE mcledger_auditor")
                let violations = try connection.execute("SELECT count(*) FROM mcledger.compliance_findings WHERE year = '2025-26' AND severity = 'violation'")
                try connection.simpleQuery("RESET ROLE")
                #expect(violations.first?.int(0) == 14)
            }
        }
    }

    /// The projector keeps the projections (schema/012); the reporter only reads them
    /// (GUARANTEES 9), and the writer no longer writes them.
    @Test func theProjectorRunsProjectorsAndTheReporterAndWriterMayNot() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                _ = try ScriptedYear.write(connection)
                for role in ["mcledger_reporter", "mcledger_writer"] {
                    try connection.simpleQuery("SET ROLE \(role)")
                    #expect(throws: (any Error).self) { try runner(connection).catchUp() }
                    #expect(throws: (any Error).self) { try runner(connection).rebuild() }
                    try connection.simpleQuery("RESET ROLE")
                    #expect(try ProjectionRunner.status(connection: connection).allSatisfy { $0.checkpoint == 0 })
                }

                try connection.simpleQuery("SET ROLE mcledger_projector")
                try runner(connection).rebuild()
                try runner(connection).catchUp()
                try connection.simpleQuery("RESET ROLE")
                #expect(try ProjectionRunner.status(connection: connection).allSatisfy { $0.lagEvents == 0 })
            }
        }
    }
}
