import Mentoring
import Testing

@Suite struct LeaderDeciderTests {
    @Test func thirdLeaderIsAppointedFourthIsRefused() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.appoint("f-2")
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-3"), community: cid("c-latinx")))) == nil)
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-4"), community: cid("c-latinx"))))?.description
            == "COM-01: c-latinx already has 3 leaders (the maximum); have one step down first")
    }

    @Test func onlyFacultyLead() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("r-1"), community: cid("c-latinx"))))?.description
            == "LDR-01: r-1 is registered as resident; only faculty may lead a community")
    }

    @Test func deansMayNotLead() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-dean"), community: cid("c-latinx"))))?.description
            == "LDR-02: f-dean is a senior-dean; Associate or Senior Deans and Clerkship Directors may not lead a community (retitle them first if that changed)")
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-dean"), title: FacultyTitle.none)), on: "2026-08-01")
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-dean"), community: cid("c-latinx"))), on: "2026-08-02") == nil)
    }

    @Test func fiveYearsAfterResidencyOrAnException() throws {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-new"), community: cid("c-latinx"))))?.description
            == "LDR-03: f-new completed residency in 2024 (taken as June 30), so has 5 years of clinical experience only from 2029-07-01; a leader is expected to have 5 years of clinical experience after residency; appoint with an exception and a written justification")
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-new"), community: cid("c-latinx"), exception: "  "))) != nil)
        let appointed = try ledger.run(.appointLeader(AppointLeader(leader: pid("f-new"), community: cid("c-latinx"), exception: "chief resident, mentor award")))
        #expect(appointed.map(\.event) == [.leaderAppointed(LeaderAppointed(community: cid("c-latinx"), leader: pid("f-new"), exception: "chief resident, mentor award"))])
        #expect(ledger.all.community(cid("c-latinx")).current(.leader).first?.exception == "chief resident, mentor award")
    }

    @Test func exactlyFiveYearsIsEnoughAndNoExceptionIsRecorded() throws {
        var ledger = Ledger.program()
        ledger.given(.registerPerson(RegisterPerson(person: pid("f-five"), name: "F", role: .faculty, residencyCompleted: 2021)), on: "2026-07-01")
        let appointed = try ledger.run(.appointLeader(AppointLeader(leader: pid("f-five"), community: cid("c-latinx"), exception: "not needed")))
        #expect(appointed.map(\.event) == [.leaderAppointed(LeaderAppointed(community: cid("c-latinx"), leader: pid("f-five")))])
    }

    @Test func appointmentReadsThePersonSoARetitleRaceConflicts() {
        let command = Command.appointLeader(AppointLeader(leader: pid("f-1"), community: cid("c-latinx")))
        #expect(command.streamsRead == [.program, .community(cid("c-latinx")), .person(pid("f-1"))])
    }

    @Test func steppingDownEndsTheTenure() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.stepDownLeader(StepDownLeader(leader: pid("f-1"), community: cid("c-latinx"))), on: "2026-10-01")
        #expect(ledger.all.community(cid("c-latinx")).current(.leader).isEmpty)
        #expect(ledger.refusal(.stepDownLeader(StepDownLeader(leader: pid("f-1"), community: cid("c-latinx"))), on: "2026-10-02")?.description
            == "not-applicable: f-1 does not lead c-latinx on 2026-10-02; check the ids")
        // A second step-down dated inside the leadership would leave the first ending nothing.
        #expect(ledger.refusal(.stepDownLeader(StepDownLeader(leader: pid("f-1"), community: cid("c-latinx"))), on: "2026-09-01")?.description
            == "not-applicable: f-1's leadership of c-latinx already ends on 2026-10-01; correct that event first to change its date")
    }
}
