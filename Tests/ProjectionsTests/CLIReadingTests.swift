import Foundation
import Postgres
import Projections
import Testing
import TestSupport

/// The reading commands as a user runs them: output shapes of CLI.md, exit statuses.
@Suite struct CLIReadingTests {
    let env = ["MCLEDGER_TODAY": testToday.description]

    @Test func complianceJSONHasExactlyTheDocumentedShape() throws {
        try TestDatabase.with { db in
            let y = try db.withConnection { try ScriptedYear.write($0) }
            #expect(try runCLI(["projections", "catch-up", "--database", db.uri], environment: env).status == 0)
            let result = try runCLI(["compliance", "--year", "2025-26", "--community", "c-asian", "--min-severity", "violation", "--format", "json", "--database", db.uri], environment: env)
            #expect(result.status == 0)
            let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
            #expect(Set(document.keys) == ["year", "findings"])
            #expect(document["year"] as? String == "2025-26")
            let findings = document["findings"] as! [[String: Any]]
            #expect(findings.count == 8)
            let ldr02 = findings.first { $0["rule"] as? String == "LDR-02" }!
            #expect(Set(ldr02.keys) == ["rule", "community", "person", "severity", "message", "evidence"])
            #expect(ldr02["person"] as? String == "f-lee" && ldr02["severity"] as? String == "violation")
            #expect(ldr02["evidence"] as? [Int] == [Int(y.appointLee), Int(y.retitleLee)])
            let com04 = findings.first { $0["rule"] as? String == "COM-04" }!
            #expect(Set(com04.keys) == ["rule", "community", "severity", "message", "evidence"])
            // Key order as CLI.md writes it.
            #expect(result.stdout.hasPrefix(#"{"year":"2025-26","findings":[{"rule":"#))

            let program = try runCLI(["compliance", "--year", "2025-26", "--format", "json", "--database", db.uri], environment: env)
            #expect(program.stdout.contains(#"{"rule":"PRG-01","community":null,"severity":"violation""#))
        }
    }

    @Test func failOnFindingsExitsOneOnlyWhenAFindingIsPrinted() throws {
        try TestDatabase.with { db in
            _ = try db.withConnection { try ScriptedYear.write($0) }
            _ = try runCLI(["projections", "catch-up", "--database", db.uri], environment: env)
            let failing = try runCLI(["compliance", "--year", "2025-26", "--fail-on-findings", "--database", db.uri], environment: env)
            #expect(failing.status == 1)
            #expect(failing.stdout.hasPrefix("Compliance 2025-26 as of 2026-11-26: 18 findings (14 violations, 0 warnings, 4 advisories)"))
            let clean = try runCLI(["compliance", "--year", "2025-26", "--community", "c-latinx", "--fail-on-findings", "--database", db.uri], environment: env)
            #expect(clean.status == 0)
            let usage = try runCLI(["compliance", "--year", "2025-2026", "--database", db.uri], environment: env)
            #expect(usage.status == 64)
        }
    }

    @Test func rosterAsOfInTextJSONAndCSV() throws {
        try TestDatabase.with { db in
            _ = try db.withConnection { try ScriptedYear.write($0) }
            _ = try runCLI(["projections", "catch-up", "--database", db.uri], environment: env)
            let text = try runCLI(["roster", "c-latinx", "--as-of", "2025-10-01", "--database", db.uri], environment: env)
            #expect(text.status == 0)
            #expect(text.stdout.contains("leader         f-okafor  Ada Okafor"))
            #expect(text.stdout.contains("s-7"))
            let json = try runCLI(["roster", "c-latinx", "--format", "json", "--database", db.uri], environment: env)
            #expect(json.stdout.hasPrefix(#"{"asOf":null,"communities":[{"community":"c-latinx","name":"Latinx","focus":"latinx""#))
            #expect(!json.stdout.contains("s-7"))
            let csv = try runCLI(["roster", "--format", "csv", "--database", db.uri], environment: env)
            let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "community,role,person,name,since,until")
            #expect(lines.count == 1 + 1 + 9)
            let unknown = try runCLI(["roster", "c-none", "--database", db.uri], environment: env)
            #expect(unknown.status == 65 && unknown.stderr.contains("no community c-none"))
        }
    }

    @Test func auditCommandsAndStatus() throws {
        try TestDatabase.with { db in
            _ = try db.withConnection { try ScriptedYear.write($0) }
            let before = try runCLI(["projections", "status", "--format", "json", "--database", db.uri], environment: env)
            #expect(before.stdout.contains(#""projector":"roster","generation":"a","checkpoint":0"#))
            _ = try runCLI(["projections", "rebuild", "--database", db.uri], environment: env)
            let stipends = try runCLI(["audit", "stipends", "--year", "2025-26", "--format", "csv", "--database", db.uri], environment: env)
            #expect(stipends.status == 0 && stipends.stdout.contains("c-latinx,2025-26,f-okafor,2500.00,paid"))
            let exceptions = try runCLI(["audit", "exceptions", "--database", db.uri], environment: env)
            #expect(exceptions.stdout.contains("first year as leader"))
            let trail = try runCLI(["audit", "trail", "f-lee", "--format", "json", "--database", db.uri], environment: env)
            let document = try JSONSerialization.jsonObject(with: Data(trail.stdout.utf8)) as! [String: Any]
            #expect((document["events"] as! [[String: Any]]).count >= 6)
            let adjustments = try runCLI(["audit", "adjustments", "--database", db.uri], environment: env)
            #expect(adjustments.stdout.contains("reported after the close"))
            let corrections = try runCLI(["audit", "corrections", "--year", "2025-26", "--database", db.uri], environment: env)
            #expect(corrections.stdout.contains("joined the wrong community"))
            let after = try runCLI(["projections", "status", "--database", db.uri], environment: env)
            #expect(after.stdout.contains("roster      b"))
        }
    }
}
