import Mentoring
import Testing

/// Compliance on the timeline: counts above a maximum with their dates, a retired
/// community judged over the part of the year it ran, graduation, LDR-02's step-down
/// day, and OBL-01's hours counted once per leader.
@Suite struct TimelineComplianceTests {
    let c = cid("c-latinx")
    let y = year("2026-27")

    func findings(_ ledger: Ledger, asOf date: String, rule: RuleID) -> [Finding] {
        Compliance.evaluateCommunity(c, year: y, asOf: day(date), states: ledger.all).filter { $0.rule == rule }
    }

    @Test func aPolicyLoweredBelowTheCountIsAFindingWithItsDates() throws {
        var ledger = Ledger.program()
        let joins = (1...18).map { index in ledger.given(.joinStudent(JoinStudent(student: pid("s-\(index)"), community: c)), on: "2026-07-01")[0] }
        ledger.given(.leaveStudent(LeaveStudent(student: pid("s-1"), community: c)), on: "2027-02-01")
        var policy = Policy()
        policy.students = CountRange(6, 16)
        ledger.given(.setPolicy(SetPolicy(year: y, policy: policy)), on: "2026-09-01")
        let above = findings(ledger, asOf: "2027-07-01", rule: .com03)
        #expect(above.map(\.message) == [
            "c-latinx has 17 students from 2027-02-01 to 2027-06-30, more than the maximum 16",
            "c-latinx has 18 students from 2026-07-01 to 2027-01-31, more than the maximum 16",
        ])
        #expect(above.allSatisfy { $0.severity == .violation })
        #expect(above[1].evidence == joins.map(\.position))
        // Writes go on: a leave is never refused for a count already above the maximum.
        #expect(ledger.refusal(.leaveStudent(LeaveStudent(student: pid("s-2"), community: c)), on: "2027-03-01") == nil)
        // But a join that adds to it is.
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-20"), community: c)), on: "2027-03-02")?.rule == .com03)
    }

    @Test func aFocusMaximumBelowTheCommunitiesRunningIsAFinding() {
        var ledger = Ledger.program()
        var policy = Policy()
        policy.perFocus[.general] = CountRange(0, 0)
        policy.communities = CountRange(0, 20)
        ledger.given(.setPolicy(SetPolicy(year: y, policy: policy)), on: "2026-09-01")
        let program = Compliance.evaluateProgram(year: y, asOf: day("2026-10-01"), program: ledger.all.program)
        #expect(program.filter { $0.rule == .prg02 && $0.message.contains("more than") }.map(\.message)
            == ["1 general communities are active from 2026-07-01 to 2026-10-01, more than the maximum 0; retire communities or set a policy"])
    }

    @Test func aRetiredCommunityIsJudgedOverThePartOfTheYearItRan() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.retireCommunity(RetireCommunity(community: c)), on: "2027-01-15", reason: "merged")
        let all = Compliance.evaluate(year: y, asOf: day("2027-07-01"), states: ledger.all)
        let ours = all.filter { $0.community == c }
        #expect(!ours.isEmpty)
        // Judged on its last day, January 14, with f-1 still in office then.
        #expect(ours.first { $0.rule == .com03 }?.message == "c-latinx has 0 students on 2027-01-14, fewer than the minimum 6")
        #expect(ours.first { $0.rule == .com01 } == nil)
        // Nothing for the next year.
        #expect(Compliance.evaluateCommunity(c, year: year("2027-28"), asOf: day("2028-07-01"), states: ledger.all).isEmpty)
    }

    @Test func graduatesDoNotCountAfterGraduation() {
        var ledger = Ledger.program()
        ledger.given(.registerPerson(RegisterPerson(person: pid("s-2027"), name: "S", role: .student, classOf: 2027)), on: "2026-07-01")
        ledger.join("s-2027")
        for index in 1...5 { ledger.join("s-\(index)") }
        let next = Compliance.evaluateCommunity(c, year: year("2027-28"), asOf: day("2027-09-01"), states: ledger.all)
        #expect(next.first { $0.rule == .com03 }?.message == "c-latinx has 5 students on 2027-09-01, fewer than the minimum 6")
        let this = Compliance.evaluateCommunity(c, year: y, asOf: day("2027-06-30"), states: ledger.all)
        #expect(this.first { $0.rule == .com03 } == nil)
    }

    @Test func aTitleTakenOnTheStepDownDayIsNoFinding() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.stepDownLeader(StepDownLeader(leader: pid("f-1"), community: c)), on: "2026-12-01")
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .associateDean)), on: "2026-12-01")
        #expect(findings(ledger, asOf: "2027-01-01", rule: .ldr02).isEmpty)
        var dayBefore = Ledger.program()
        dayBefore.appoint("f-1")
        dayBefore.given(.stepDownLeader(StepDownLeader(leader: pid("f-1"), community: c)), on: "2026-12-01")
        dayBefore.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .associateDean)), on: "2026-11-30")
        #expect(findings(dayBefore, asOf: "2027-01-01", rule: .ldr02).map(\.message)
            == ["f-1 became an associate-dean on 2026-11-30 while leading c-latinx; Deans and Clerkship Directors may not lead, and the stipend is held"])
    }

    @Test func hoursCountTrainingOnceAndAttendanceByAnyLeader() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.appoint("f-2")
        for date in ["2026-07-10", "2026-08-10"] {
            ledger.given(.completeTraining(CompleteTraining(faculty: pid("f-2"), hours: hours("1.5"))), on: date)
        }
        ledger.given(.recordGathering(RecordGathering(community: c, kind: .social, hours: hours("3"), facilitator: pid("f-1"), attendees: pids("f-2"))), on: "2026-10-01")
        let hours = findings(ledger, asOf: "2027-07-01", rule: .obl01)
        #expect(hours.first { $0.person == pid("f-2") }?.message == "f-2 gave 4.50 hours to c-latinx in 2026-27, fewer than the 15.00 expected")
    }
}
