import Mentoring
import Postgres
import Projections
import Testing
import TestSupport

/// The scripted year's read models against findings computed by hand from the program's
/// rules (see ``ScriptedYear``).
@Suite struct ScriptedYearTests {
    func expectedFindings(_ y: ScriptedYear, beforeGatheringCorrection: Bool) -> Set<Finding> {
        let asian = cid("c-asian")
        let lee = pid("f-lee")
        var findings: Set<Finding> = [
            Finding(rule: .prg01, severity: .violation, message: "2 communities are active on 2026-06-30, fewer than the minimum 14 (14–20); establish or retire communities", evidence: [y.establishLatinx, y.establishAsian]),
            Finding(rule: .prg02, severity: .violation, message: "0 african-american communities are active on 2026-06-30; at least 1 is expected"),
            Finding(rule: .prg02, severity: .violation, message: "0 first-generation communities are active on 2026-06-30; at least 1 is expected"),
            Finding(rule: .prg02, severity: .violation, message: "0 lgbtq communities are active on 2026-06-30; at least 1 is expected"),
            Finding(rule: .prg02, severity: .violation, message: "0 long-distance communities are active on 2026-06-30; at least 1 is expected"),
            Finding(rule: .prg02, severity: .violation, message: "0 general communities are active on 2026-06-30; at least 6 are expected"),
            Finding(rule: .com02, community: asian, severity: .violation, message: "c-asian has 0 residents on 2026-06-30, fewer than the minimum 1"),
            Finding(rule: .com03, community: asian, severity: .violation, message: "c-asian has 0 students on 2026-06-30, fewer than the minimum 6"),
            Finding(rule: .com04, community: asian, severity: .violation, message: "c-asian has no staff liaison on 2026-06-30; assign one with `mcledger staff assign`"),
            Finding(rule: .ldr02, community: asian, person: lee, severity: .violation, message: "f-lee became an associate-dean on 2026-05-15 while leading c-asian; Deans and Clerkship Directors may not lead, and the stipend is held", evidence: [y.appointLee, y.retitleLee]),
            Finding(rule: .ldr04, community: asian, person: lee, severity: .violation, message: "f-lee leads c-asian and has not completed leadership training; record it with `mcledger training complete`", evidence: [y.appointLee]),
            Finding(rule: .obl02, community: asian, person: lee, severity: .violation, message: "f-lee met c-asian's students 0 times in 2025-26; at least 1 expected", evidence: [y.appointLee]),
            Finding(rule: .obl04, community: asian, person: lee, severity: .advisory, message: "f-lee had not completed leadership training by the end of summer (2025-08-31), when the plan schedules it", evidence: [y.appointLee]),
            Finding(rule: .obl04, community: asian, severity: .advisory, message: "c-asian's leaders held no meetings with students in winter–spring (2025-12-01 to 2026-05-31)"),
            Finding(rule: .obl04, community: asian, severity: .advisory, message: "c-asian held no community gathering in the spring (2026-03-01 to 2026-05-31)"),
        ]
        if beforeGatheringCorrection {
            findings.insert(Finding(rule: .obl01, community: asian, person: lee, severity: .violation, message: "f-lee gave 3.00 hours to c-asian in 2025-26, fewer than the 15.00 expected", evidence: [y.asianGathering, y.lateHours]))
            findings.insert(Finding(rule: .obl03, community: asian, severity: .violation, message: "c-asian held 1 gathering facilitated by a leader in 2025-26; at least 2 expected", evidence: [y.asianGathering]))
        } else {
            findings.insert(Finding(rule: .obl01, community: asian, person: lee, severity: .violation, message: "f-lee gave 1.00 hours to c-asian in 2025-26, fewer than the 15.00 expected", evidence: [y.lateHours]))
            findings.insert(Finding(rule: .obl03, community: asian, severity: .violation, message: "c-asian held 0 gatherings facilitated by a leader in 2025-26; at least 2 expected"))
            findings.insert(Finding(rule: .obl04, community: asian, severity: .advisory, message: "c-asian held no community gathering in the fall (2025-09-01 to 2025-11-30)"))
        }
        return findings
    }

    @Test func complianceMatchesTheHandComputedFindings() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let y = try ScriptedYear.write(connection)
                try runner(connection).catchUp()
                let report = try ComplianceQuery.findings(connection: connection, year: year("2025-26"), asOf: testToday)
                #expect(report.source == .projection)
                #expect(Set(report.findings) == expectedFindings(y, beforeGatheringCorrection: false))
                #expect(report.findings.count == 18)
                #expect(report.findings == report.findings.sorted(by: Compliance.reportOrder))
                // c-latinx meets every rule: no finding names it.
                #expect(!report.findings.contains { $0.community == cid("c-latinx") })
                let latinx = try ComplianceQuery.findings(connection: connection, year: year("2025-26"), asOf: testToday, community: cid("c-latinx"))
                #expect(latinx.findings.isEmpty && latinx.source == .projection)
            }
        }
    }

    @Test func asOfBeforeAndAfterACorrection() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let y = try ScriptedYear.write(connection)
                try runner(connection).catchUp()
                // The gathering of c-asian counted until it was voided on 2026-08-01.
                let before = try ComplianceQuery.findings(connection: connection, year: year("2025-26"), asOf: day("2026-07-15"))
                #expect(before.source == .log)
                #expect(Set(before.findings) == expectedFindings(y, beforeGatheringCorrection: true))
                let after = try ComplianceQuery.findings(connection: connection, year: year("2025-26"), asOf: day("2026-08-02"))
                #expect(Set(after.findings) == expectedFindings(y, beforeGatheringCorrection: false))

                // s-7 joined c-latinx on 2025-09-01; the join was voided on 2025-10-15.
                let students = { (day: Day?) in
                    try RosterQuery.roster(connection: connection, community: cid("c-latinx"), asOf: day, today: systemToday())[0]
                        .members.filter { $0.role == .student }.map(\.person.rawValue)
                }
                #expect(try students(day("2025-10-01")) == ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6", "s-7"])
                #expect(try students(day("2025-10-20")) == ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"])
                #expect(try students(nil) == ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"])
                #expect(try students(day("2025-08-15")) == ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"])
            }
        }
    }

    @Test func rosterByRoleWithNames() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let y = try ScriptedYear.write(connection)
                try runner(connection).catchUp()
                let rosters = try RosterQuery.roster(connection: connection, today: systemToday())
                #expect(rosters.map(\.community.community.rawValue) == ["c-asian", "c-latinx"])
                let latinx = rosters[1]
                #expect(latinx.members.map { "\($0.role) \($0.person)" } == [
                    "leader f-okafor", "staff-liaison st-kim", "resident r-diaz",
                    "student s-1", "student s-2", "student s-3", "student s-4", "student s-5", "student s-6",
                ])
                #expect(latinx.members[0].name == "Ada Okafor")
                #expect(latinx.members[0].since == day("2025-07-02") && latinx.members[0].startPosition == y.appointOkafor)
                #expect(rosters[0].members.map(\.person.rawValue) == ["f-lee"])
                // Before the appointments, the communities had no members.
                let early = try RosterQuery.roster(connection: connection, asOf: day("2025-07-01"), today: systemToday())
                #expect(early.map(\.members.count) == [0, 0])
                #expect(throws: ProjectionError.self) { try RosterQuery.roster(connection: connection, community: cid("c-none"), today: systemToday()) }
            }
        }
    }

    @Test func auditListsStipendsExceptionsCorrectionsAndAdjustments() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let y = try ScriptedYear.write(connection)
                try runner(connection).catchUp()
                let stipends = try AuditQuery.stipends(connection: connection, year: year("2025-26"))
                #expect(stipends.map { "\($0.community) \($0.payee) \($0.status) \($0.amount.dollarsText)" } == [
                    "c-asian f-lee approved 2500.00", "c-latinx f-okafor paid 2500.00",
                ])
                #expect(stipends[1].requested.actor == "clerk-a" && stipends[1].approved?.actor == "dean-b" && stipends[1].paid?.actor == "finance-c")
                #expect(stipends[1].paid?.position == y.latinxStipend.paid && stipends[1].reference == "PO-1")
                #expect(stipends.allSatisfy { $0.anomalies.isEmpty })
                #expect(try AuditQuery.stipends(connection: connection, year: year("2024-25")).isEmpty)

                let exceptions = try AuditQuery.exceptions(connection: connection, year: year("2025-26"))
                #expect(exceptions.map { "\($0.kind.rawValue) \($0.community) \($0.person) \($0.justification)" } == ["stipend-waiver c-asian f-lee first year as leader"])
                #expect(exceptions[0].position == y.asianStipend.approved && exceptions[0].actor == "dean-b")

                let corrections = try AuditQuery.corrections(connection: connection)
                #expect(corrections.map(\.position) == [y.s7Correction, y.s7Correction + 1, y.asianGatheringCorrection])
                #expect(corrections[0].voidedPosition == y.s7Join && corrections[0].voidedType == "StudentJoined")
                #expect(corrections[0].reason == "joined the wrong community" && !corrections[0].isPostCloseAdjustment)
                #expect(corrections[2].voidedPosition == y.asianGathering && corrections[2].isPostCloseAdjustment)

                let adjustments = try AuditQuery.adjustments(connection: connection)
                #expect(adjustments.map(\.position) == [y.lateHours, y.asianGatheringCorrection])
                #expect(adjustments[0].reason == "reported after the close" && adjustments[0].type == "HoursLogged")

                let trail = try AuditQuery.trail(connection: connection, subject: "s-7")
                #expect(trail.map(\.type) == ["PersonRegistered", "StudentJoined", "StudentPlaced", "EventCorrected"])
                #expect(trail[1].voidedBy == y.s7Correction && trail[2].voidedBy == y.s7Correction + 1)
                #expect(trail[3].reason == "joined the wrong community")
                #expect(throws: ProjectionError.self) { try AuditQuery.trail(connection: connection, subject: "nobody") }
            }
        }
    }
}
