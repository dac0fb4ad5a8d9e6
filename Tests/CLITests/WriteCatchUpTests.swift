import Foundation
import Testing
import TestSupport

/// Every write catches the read models up before it returns (issue 4).
@Suite struct WriteCatchUpTests {
    func lags(_ db: TestDatabase) throws -> [Int] {
        let status = try runCLI(["projections", "status", "--database", db.uri, "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        return (document?["projectors"] as? [[String: Any]] ?? []).compactMap { $0["lagEvents"] as? Int }
    }

    @Test func aWriteLeavesNoLagAndTheRosterShowsItAtOnce() throws {
        try TestDatabase.with { db in
            let write: ([String]) throws -> CLIResult = { try runCLI($0 + ["--database", db.uri, "--on", "2026-08-15"]) }
            #expect(try write(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx"]).status == 0)
            #expect(try write(["person", "register", "s-ana", "--name", "Ana Ruiz", "--role", "student", "--class-of", "2029"]).status == 0)
            #expect(try lags(db) == [0, 0, 0])
            let joined = try write(["student", "join", "s-ana", "--community", "c-latinx"])
            #expect(joined.status == 0, "\(joined.stderr)")
            #expect(joined.stderr == "")
            #expect(try lags(db) == [0, 0, 0])
            let roster = try runCLI(["roster", "c-latinx", "--database", db.uri, "--format", "csv"])
            #expect(roster.stdout.contains("s-ana"))
        }
    }
}
