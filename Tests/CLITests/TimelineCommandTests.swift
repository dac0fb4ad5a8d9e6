import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// The dated rules through the binary: a leave recorded ahead, a join back-dated into a
/// full community, a correction that would leave a payment standing alone, retirement,
/// and the policy's readings.
@Suite struct TimelineCommandTests {
    @Test func aLeaveRecordedAheadKeepsTheSeatUntilItsDate() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 18)
            try ok(db, ["student", "leave", "s-1", "--community", "c-latinx", "--on", "2027-03-01"])
            let before = try eventCount(db)
            let refused = try write(db, ["student", "join", "s-19", "--community", "c-latinx", "--on", "2026-12-01"])
            #expect(refused.status == 65)
            #expect(refused.stderr == "mcledger: COM-03: c-latinx already has 18 students (the maximum); remove one first\n")
            #expect(try eventCount(db) == before)
            // s-1 is still on today's roster: the leave is dated ahead.
            let roster = try runCLI(["roster", "c-latinx", "--format", "csv", "--database", db.uri], environment: ["MCLEDGER_TODAY": "2026-12-15"])
            #expect(roster.status == 0)
            #expect(roster.stdout.contains(",s-1,"))
            try ok(db, ["student", "join", "s-19", "--community", "c-latinx", "--on", "2027-03-01"])
        }
    }

    @Test func retiringEndsTheMembershipsOpenThatDay() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 2)
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx", "--on", "2026-08-01"])
            let retired = try ok(db, ["community", "retire", "c-latinx", "--reason", "merged into c-gen-1", "--on", "2027-01-15"])
            #expect(retired.contains("CommunityRetired"))
            #expect(retired.components(separatedBy: "StudentLeft").count == 3)
            #expect(retired.contains("LeaderSteppedDown"))
            try ok(db, ["student", "join", "s-1", "--community", "c-gen-1", "--on", "2027-01-15"])
            let late = try write(db, ["student", "join", "s-3", "--community", "c-latinx", "--on", "2027-02-01"])
            #expect(late.status == 65)
            #expect(late.stderr == "mcledger: unknown-community: c-latinx was retired on 2027-01-15; choose an active community\n")
        }
    }

    @Test func policyShowPrintsEveryReadingAndPolicySetChangesThem() throws {
        try TestDatabase.with { db in
            try ok(db, ["policy", "set", "2027-28", "--graduation", "05-31", "--meeting-duty", "community", "--every-student-met", "no", "--on", "2026-07-01"])
            let shown = try runCLI(["policy", "show", "2027-28", "--format", "json", "--database", db.uri])
            #expect(shown.status == 0)
            #expect(shown.stdout.contains(#""graduation":"05-31 of the class-of year""#))
            #expect(shown.stdout.contains(#""meeting-duty":"community""#))
            #expect(shown.stdout.contains(#""every-student-met":"no""#))
            #expect(shown.stdout.contains(#""gathering-duty":"community""#))
            let before = try runCLI(["policy", "show", "2026-27", "--database", db.uri])
            #expect(before.stdout.contains("06-30 of the class-of year"))
            #expect(before.stdout.contains("each-leader"))
            let bad = try write(db, ["policy", "set", "2027-28", "--meeting-duty", "sometimes", "--on", "2026-07-01"])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--meeting-duty"))
        }
    }
}
