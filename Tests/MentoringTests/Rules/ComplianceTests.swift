import Mentoring
import Testing

@Suite struct ComplianceTests {
    let c = cid("c-latinx")
    let y = year("2026-27")

    /// c-latinx meets every rule in 2026-27: f-1 trained in summer, a resident, six
    /// students, a liaison, fall and spring gatherings, a winter class meeting, 15.5 hours.
    func compliantLedger(fallGathering: Bool = true) -> Ledger {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.completeTraining(CompleteTraining(faculty: pid("f-1"), hours: hours("1.5"))), on: "2026-07-15")
        ledger.given(.joinResident(JoinResident(resident: pid("r-1"), community: c)), on: "2026-07-01")
        ledger.given(.assignStaff(AssignStaff(staff: pid("st-1"), community: c)), on: "2026-07-01")
        for index in 1...6 { ledger.join("s-\(index)", on: "2026-08-01") }
        if fallGathering {
            ledger.given(.recordGathering(RecordGathering(community: c, kind: .social, hours: hours("3"), facilitator: pid("f-1"), attendees: [])), on: "2026-10-01")
        }
        ledger.given(.recordMeeting(RecordMeeting(community: c, leader: pid("f-1"), mode: .class, students: pids("s-1", "s-2", "s-3", "s-4", "s-5", "s-6"), hours: hours("6"))), on: "2027-01-15")
        ledger.given(.recordGathering(RecordGathering(community: c, kind: .bookClub, hours: hours("3"), facilitator: pid("f-1"), attendees: [])), on: "2027-04-01")
        ledger.given(.logHours(LogHours(leader: pid("f-1"), community: c, hours: hours("2"), activity: "advising")), on: "2027-05-01")
        return ledger
    }

    func findings(_ ledger: Ledger, asOf date: String) -> [Finding] {
        Compliance.evaluateCommunity(c, year: y, asOf: day(date), states: ledger.all)
    }

    @Test func aCompliantCommunityHasNoFindings() {
        let ledger = compliantLedger()
        #expect(findings(ledger, asOf: "2027-07-01") == [])
        #expect(findings(ledger, asOf: "2027-02-01") == [])
    }

    @Test func nothingIsEvaluatedBeforeTheYearBegins() {
        #expect(findings(Ledger.program(), asOf: "2026-06-30") == [])
    }

    @Test func earlyInTheYearMinimumsAreWarnings() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let appointment = ledger.log.last!.position
        let result = findings(ledger, asOf: "2026-08-15")
        #expect(result.map(\.rule) == [.com02, .com03, .com04, .ldr04])
        #expect(result.allSatisfy { $0.severity == .warning })
        #expect(result[1].message == "c-latinx has 0 students on 2026-08-15, fewer than the minimum 6")
        #expect(result[2].message == "c-latinx has no staff liaison on 2026-08-15; assign one with `mcledger staff assign`")
        #expect(result[3] == Finding(
            rule: .ldr04, community: c, person: pid("f-1"), severity: .warning,
            message: "f-1 leads c-latinx and has not completed leadership training; record it with `mcledger training complete`",
            evidence: [appointment]
        ))
    }

    @Test func aCommunityWithoutLeadersIsAFinding() {
        var ledger = compliantLedger()
        ledger.given(.stepDownLeader(StepDownLeader(leader: pid("f-1"), community: c)), on: "2027-03-01")
        let stepDown = ledger.log.last!.position
        let appointment = ledger.log.first { $0.event.typeName == "LeaderAppointed" }!.position
        let result = findings(ledger, asOf: "2027-03-02")
        #expect(result == [Finding(
            rule: .com01, community: c, severity: .warning,
            message: "c-latinx has 0 leaders on 2027-03-02, fewer than the minimum 1", evidence: [stepDown]
        )])
        #expect(appointment < stepDown)
    }

    @Test func aFallGatheringIsNotMissingInAugustButIsInDecember() {
        let ledger = compliantLedger(fallGathering: false)
        #expect(findings(ledger, asOf: "2026-08-31") == [])
        #expect(findings(ledger, asOf: "2026-11-30") == [])
        #expect(findings(ledger, asOf: "2026-12-01") == [
            Finding(rule: .obl04, community: c, severity: .advisory, message: "c-latinx held no community gathering in the fall (2026-09-01 to 2026-11-30)"),
        ])
    }

    @Test func untrainedBySummersEndIsAdvisoryThenAViolationAfterTheYear() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        #expect(findings(ledger, asOf: "2026-09-01").filter { $0.rule == .obl04 }.map(\.message)
            == ["f-1 had not completed leadership training by the end of summer (2026-08-31), when the plan schedules it"])
        #expect(findings(ledger, asOf: "2027-07-01").filter { $0.rule == .ldr04 }.map(\.severity) == [.violation])
    }

    @Test func yearlyDutiesAreViolationsOnlyOnceTheYearIsOver() {
        var ledger = compliantLedger()
        ledger.appoint("f-2", on: "2026-07-02")
        ledger.given(.completeTraining(CompleteTraining(faculty: pid("f-2"), hours: hours("1"))), on: "2026-07-20")
        let training = ledger.log.last!.position
        #expect(findings(ledger, asOf: "2027-06-30") == [])
        let result = findings(ledger, asOf: "2027-07-01")
        #expect(result.map(\.rule) == [.obl01, .obl02])
        #expect(result[0] == Finding(
            rule: .obl01, community: c, person: pid("f-2"), severity: .violation,
            message: "f-2 gave 1.00 hours to c-latinx in 2026-27, fewer than the 15.00 expected", evidence: [training]
        ))
        #expect(result[1].person == pid("f-2"))
        #expect(result[1].message == "f-2 met c-latinx's students 0 times in 2026-27; at least 1 expected")
    }

    @Test func gatheringsAndStudentsMetAreCheckedWithEvidence() {
        var ledger = compliantLedger(fallGathering: false)
        ledger.join("s-7", on: "2027-05-15")
        let join = ledger.log.first { $0.event == .studentJoined(StudentJoined(community: c, student: pid("s-7"))) }!.position
        let spring = ledger.log.first { $0.event.typeName == "GatheringHeld" }!.position
        let meeting = ledger.log.first { $0.event.typeName == "MeetingHeld" }!.position
        let result = findings(ledger, asOf: "2027-07-01").filter { $0.rule != .obl04 }
        #expect(result == [
            Finding(rule: .obl01, community: c, person: pid("f-1"), severity: .violation,
                    message: "f-1 gave 12.50 hours to c-latinx in 2026-27, fewer than the 15.00 expected",
                    evidence: result.first?.evidence ?? []),
            Finding(rule: .obl02, community: c, severity: .violation,
                    message: "1 student was not met by a leader in 2026-27: s-7", evidence: [join, meeting]),
            Finding(rule: .obl03, community: c, severity: .violation,
                    message: "c-latinx held 1 gathering facilitated by a leader in 2026-27; at least 2 expected", evidence: [spring]),
        ])
    }

    @Test func gatheringDutyForEachLeaderIsAPolicyChoice() {
        var ledger = compliantLedger()
        var policy = Policy()
        policy.gatheringDuty = .eachLeader
        policy.leaderHoursMinimum = Hours(whole: 1)
        ledger.given(.setPolicy(SetPolicy(year: y, policy: policy)), on: "2026-07-01")
        ledger.appoint("f-2", on: "2026-07-02")
        ledger.given(.completeTraining(CompleteTraining(faculty: pid("f-2"), hours: hours("1"))), on: "2026-07-20")
        ledger.given(.recordMeeting(RecordMeeting(community: c, leader: pid("f-2"), mode: .individual, students: pids("s-1"), hours: hours("1"))), on: "2027-02-01")
        let result = findings(ledger, asOf: "2027-07-01")
        #expect(result.map(\.rule) == [.obl03])
        #expect(result.first?.person == pid("f-2"))
    }

    @Test func aDeanshipGainedMidYearIsAViolationAtOnce() {
        var ledger = compliantLedger()
        let appointment = ledger.log.first { $0.event.typeName == "LeaderAppointed" }!.position
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .clerkshipDirector)), on: "2026-11-02")
        let retitle = ledger.log.last!.position
        #expect(findings(ledger, asOf: "2026-11-01") == [])
        #expect(findings(ledger, asOf: "2026-11-02") == [Finding(
            rule: .ldr02, community: c, person: pid("f-1"), severity: .violation,
            message: "f-1 became a clerkship-director on 2026-11-02 while leading c-latinx; Deans and Clerkship Directors may not lead, and the stipend is held",
            evidence: [appointment, retitle]
        )])
    }

    @Test func asOfBeforeAndAfterACorrection() throws {
        var ledger = compliantLedger()
        let fall = ledger.log.first { $0.event.typeName == "GatheringHeld" }!
        try ledger.run(.correctEvent(CorrectEvent(eventID: fall.eventID, stream: fall.stream)), on: "2027-08-01", reason: "it was cancelled")
        #expect(findings(ledger, asOf: "2027-07-31").filter { $0.rule == .obl03 } == [])
        #expect(findings(ledger, asOf: "2027-08-01").filter { $0.rule == .obl03 }.map(\.message)
            == ["c-latinx held 1 gathering facilitated by a leader in 2026-27; at least 2 expected"])
    }

    @Test func programWideRulesNameNoCommunity() {
        let ledger = Ledger.program()
        let program = Compliance.evaluate(year: y, asOf: day("2026-09-01"), states: ledger.all).filter { $0.community == nil }
        #expect(program.map(\.rule) == [.prg01] + Array(repeating: RuleID.prg02, count: 6))
        #expect(program[0].message == "2 communities are active on 2026-09-01, fewer than the minimum 14 (14–20); establish or retire communities")
        #expect(program[0].severity == .warning)
        #expect(program[0].evidence == [1, 2])
        #expect(program.contains { $0.message == "1 general community is active on 2026-09-01; at least 6 are expected" })
        let afterYear = Compliance.evaluate(year: y, asOf: day("2027-07-01"), states: ledger.all).filter { $0.community == nil }
        #expect(afterYear.allSatisfy { $0.severity == .violation })
    }
}
