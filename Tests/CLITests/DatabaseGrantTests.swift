import Foundation
import Postgres
import Testing
import TestSupport

/// `mcledger db grant` and `db revoke` (CLI.md, second round; issue 12): one duty per
/// login, exactly its role's rights, CONNECT included, idempotent.
@Suite struct DatabaseGrantTests {
    /// A fresh login name, and its removal afterwards (roles are cluster-wide).
    func withLoginName(_ db: TestDatabase, _ body: (String) throws -> Void) throws {
        let login = "t_grant_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        defer { _ = try? db.withConnection { try $0.simpleQuery("DROP ROLE IF EXISTS \(login)") } }
        try body(login)
    }

    /// The test database's URI with `login` as the user.
    func uri(_ db: TestDatabase, as login: String) -> String {
        let user = ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres"
        return db.uri.replacingOccurrences(of: "://\(user)@", with: "://\(login)@")
    }

    @Test func grantCreatesTheLoginAndGivesExactlyTheDutyIdempotently() throws {
        try TestDatabase.with { db in
            try withLoginName(db) { login in
                let first = try runCLI(["db", "grant", login, "administrator", "--database", db.uri])
                #expect(first.status == 0, "\(first.stderr)")
                #expect(first.stdout == "created login \(login); granted administrator (mcledger_writer) to \(login)\n")
                let again = try runCLI(["db", "grant", login, "administrator", "--database", db.uri, "--format", "json"])
                #expect(again.status == 0, "\(again.stderr)")
                #expect(again.stdout == #"{"login":"\#(login)","duty":"administrator","role":"mcledger_writer","granted":true,"createdLogin":false,"changed":false}"# + "\n")
                // The login writes through the CLI as itself…
                let written = try runCLI(
                    ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01", "--database", uri(db, as: login)],
                    environment: ["MCLEDGER_ACTOR": "coordinator"]
                )
                #expect(written.status == 0, "\(written.stderr)")
                let roles = try db.withConnection { connection throws in
                    try connection.execute("""
                        SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                         WHERE u.rolname = $1 ORDER BY 1
                        """, [login]).map { $0.string(0)! }
                }
                #expect(roles == ["mcledger_writer"])
                // …and after the revoke it holds no duty, so it cannot even connect.
                let revoked = try runCLI(["db", "revoke", login, "administrator", "--database", db.uri])
                #expect(revoked.stdout == "revoked administrator (mcledger_writer) from \(login)\n", "\(revoked.stderr)")
                let revokedAgain = try runCLI(["db", "revoke", login, "administrator", "--database", db.uri])
                #expect(revokedAgain.status == 0)
                #expect(revokedAgain.stdout == "\(login) does not hold administrator (mcledger_writer); nothing changed\n")
                let refused = try runCLI(["events", "--database", uri(db, as: login)])
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("permission denied for database"), "\(refused.stderr)")
            }
        }
    }

    @Test func anAuditorLoginReadsButCannotWrite() throws {
        try TestDatabase.with { db in
            try ok(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            try withLoginName(db) { login in
                #expect(try runCLI(["db", "grant", login, "auditor", "--database", db.uri]).status == 0)
                let read = try runCLI(["events", "--database", uri(db, as: login)])
                #expect(read.status == 0, "\(read.stderr)")
                #expect(read.stdout.contains("CommunityEstablished"))
                let write = try runCLI(
                    ["community", "establish", "c-gen-1", "--name", "General", "--focus", "general", "--database", uri(db, as: login)],
                    environment: ["MCLEDGER_ACTOR": "ann"]
                )
                #expect(write.status != 0)
                #expect(try eventCount(db) == 1)
            }
        }
    }

    @Test func badLoginsAndDutiesAreUsageErrors() throws {
        for arguments in [
            ["db", "grant", "Robert'); DROP ROLE x; --", "auditor"],
            ["db", "grant", "mcledger_owner", "administrator"],
            ["db", "grant", "ann", "superuser"],
            ["db", "revoke", "", "auditor"],
        ] {
            let result = try runCLI(arguments + ["--database", "postgresql:///x?host=/nonexistent"])
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        }
    }
}
