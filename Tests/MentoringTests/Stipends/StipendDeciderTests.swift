import Mentoring
import Testing

@Suite struct StipendDeciderTests {
    let c = cid("c-latinx")
    let y = year("2026-27")

    /// c-latinx led by f-1 (trained) with two gatherings facilitated by f-1.
    func readyLedger() -> Ledger {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.appoint("f-2")
        ledger.given(.completeTraining(CompleteTraining(faculty: pid("f-1"), hours: hours("1.5"))), on: "2026-07-15")
        for date in ["2026-10-01", "2027-04-01"] {
            ledger.given(.recordGathering(RecordGathering(community: c, kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: [])), on: date)
        }
        return ledger
    }

    var request: Command { .requestStipend(RequestStipend(community: c, year: y, payee: pid("f-1"), amount: dollars("2500"))) }
    var approve: Command { .approveStipend(ApproveStipend(community: c, year: y)) }
    var pay: Command { .payStipend(PayStipend(community: c, year: y, reference: "AP-1")) }

    @Test func requestApprovePayByThreeActors() throws {
        var ledger = readyLedger()
        let requested = try ledger.run(request, on: "2027-04-10", by: "ann")
        let approved = try ledger.run(approve, on: "2027-04-11", by: "bob")
        let paid = try ledger.run(pay, on: "2027-04-12", by: "cat")
        #expect((requested + approved + paid).map(\.event) == [
            .stipendRequested(StipendRequested(community: c, year: y, payee: pid("f-1"), amount: dollars("2500"))),
            .stipendApproved(StipendApproved(community: c, year: y, payee: pid("f-1"))),
            .stipendPaid(StipendPaid(community: c, year: y, payee: pid("f-1"), amount: dollars("2500"), reference: "AP-1")),
        ])
        #expect(ledger.all.community(c).stipends.map(\.status) == [.paid])
    }

    /// Recorded late is fine; dated before the step it follows is not (found by
    /// StipendPropertyTests: a payment back-dated to before its request and approval).
    @Test func eachStepIsDatedOnOrAfterTheOneBefore() {
        var ledger = readyLedger()
        ledger.given(request, on: "2027-04-10", by: "ann", login: "ann")
        #expect(ledger.refusal(approve, on: "2027-04-09", by: "bob", login: "bob")?.description
            == "STP-04: this stipend was requested on 2027-04-10; its approval cannot be dated 2027-04-09, before that; date it on or after 2027-04-10")
        ledger.given(approve, on: "2027-04-10", by: "bob", login: "bob")
        #expect(ledger.refusal(pay, on: "2026-09-01", by: "cat", login: "cat")?.description
            == "STP-04: this stipend was approved on 2027-04-10; its payment cannot be dated 2026-09-01, before that; date it on or after 2027-04-10")
        ledger.given(pay, on: "2027-05-01", by: "cat", login: "cat")
        #expect(ledger.refusal(.reverseStipend(ReverseStipend(community: c, year: y)), on: "2027-04-30", reason: "wrong")?.description
            == "not-applicable: the stipend's last step is dated 2027-05-01; a reversal dated 2027-04-30 would come before it; date it on or after 2027-05-01")
        #expect(ledger.refusal(.reverseStipend(ReverseStipend(community: c, year: y)), on: "2027-05-01", reason: "wrong") == nil)
    }

    @Test func oneStipendPerCommunityYearUntilReversed() {
        var ledger = readyLedger()
        ledger.given(request, on: "2027-04-10", by: "ann")
        let second = Command.requestStipend(RequestStipend(community: c, year: y, payee: pid("f-2"), amount: dollars("2500")))
        #expect(ledger.refusal(second, on: "2027-04-10", by: "ann")?.description
            == "STP-01: c-latinx already has a stipend for 2026-27 (requested for f-1); at most 1 per community per academic year; reverse it first if it is wrong")
        #expect(ledger.refusal(.reverseStipend(ReverseStipend(community: c, year: y)), on: "2027-04-11")?.description
            == "REC-01: reversing a stipend needs a reason")
        ledger.given(.reverseStipend(ReverseStipend(community: c, year: y)), on: "2027-04-11", reason: "wrong leader")
        #expect(ledger.refusal(second, on: "2027-04-12", by: "ann") == nil)
        // The next year has its own stipend.
        let nextYear = Command.requestStipend(RequestStipend(community: c, year: year("2027-28"), payee: pid("f-1"), amount: dollars("2500")))
        #expect(ledger.refusal(nextYear, on: "2027-07-01", by: "ann") == nil)
    }

    @Test func theAmountIsThePolicys() {
        var ledger = readyLedger()
        let wrong = Command.requestStipend(RequestStipend(community: c, year: y, payee: pid("f-1"), amount: dollars("2500.01")))
        #expect(ledger.refusal(wrong, by: "ann")?.description == "STP-02: the stipend for 2026-27 is $2500.00, not $2500.01; request 2500.00")
    }

    @Test func thePayeeLedThatCommunityThatYear() {
        var ledger = readyLedger()
        let notLeader = Command.requestStipend(RequestStipend(community: c, year: y, payee: pid("f-3"), amount: dollars("2500")))
        #expect(ledger.refusal(notLeader, by: "ann")?.description
            == "STP-03: f-3 has not led c-latinx in 2026-27 by 2026-09-01; only a leader of that community in that year is paid its stipend")
        // Led in 2026-27, so still eligible for it after stepping down.
        ledger.given(.stepDownLeader(StepDownLeader(leader: pid("f-2"), community: c)), on: "2027-01-15")
        let former = Command.requestStipend(RequestStipend(community: c, year: y, payee: pid("f-2"), amount: dollars("2500")))
        #expect(ledger.refusal(former, on: "2027-02-01", by: "ann") == nil)
    }

    @Test func separationOfDutiesComparesLoginsNotDisplayNames() {
        let y = year("2026-27")
        let request = Command.requestStipend(RequestStipend(community: cid("c-latinx"), year: y, payee: pid("f-1"), amount: dollars("2500")))
        let approve = Command.approveStipend(ApproveStipend(community: cid("c-latinx"), year: y, waiver: "new program"))
        let pay = Command.payStipend(PayStipend(community: cid("c-latinx"), year: y, reference: "AP-1"))
        var ledger = readyLedger()
        ledger.given(request, on: "2027-04-10", by: "F-C", login: "fc")
        // One login under another name is one person.
        #expect(ledger.refusal(approve, on: "2027-04-11", by: "f-c@school.edu", login: "fc")?.rule == .stp04)
        // Two logins are two people, whatever names they type.
        ledger.given(approve, on: "2027-04-11", by: "F-C", login: "dean")
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "Finance", login: "fc")?.description
            == "STP-04: F-C (login fc) requested this stipend; a third person, with their own login, records the payment")
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "Finance", login: "dean")?.rule == .stp04)
        // The payee's own login, under any name, records no payment of their own.
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "Finance", login: "f-1")?.description
            == "STP-04: Finance (login f-1) is the payee; the payee records no payment of their own")
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "F-C", login: "finance") == nil)
    }

    @Test func aStepRecordedBeforeLoginsIsComparedByActor() {
        let y = year("2026-27")
        var ledger = readyLedger()
        ledger.given(.requestStipend(RequestStipend(community: cid("c-latinx"), year: y, payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-10", by: "ann")
        let approve = Command.approveStipend(ApproveStipend(community: cid("c-latinx"), year: y, waiver: "new program"))
        #expect(ledger.refusal(approve, on: "2027-04-11", by: "ann", login: "ann-login")?.rule == .stp04)
        #expect(ledger.refusal(approve, on: "2027-04-11", by: "bob", login: "ann") == nil)
    }

    @Test func separationOfDuties() {
        var ledger = readyLedger()
        ledger.given(request, on: "2027-04-10", by: "ann")
        #expect(ledger.refusal(approve, on: "2027-04-11", by: "ann")?.description == "STP-04: ann requested this stipend; another person, with their own login, approves it")
        #expect(ledger.refusal(approve, on: "2027-04-11", by: "f-1")?.description == "STP-04: f-1 is the payee; the payee approves nothing of their own")
        ledger.given(approve, on: "2027-04-11", by: "bob")
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "ann")?.description == "STP-04: ann requested this stipend; a third person, with their own login, records the payment")
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "bob")?.description == "STP-04: bob approved this stipend; a third person, with their own login, records the payment")
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "f-1")?.description == "STP-04: f-1 is the payee; the payee records no payment of their own")
        #expect(ledger.refusal(pay, on: "2027-04-12", by: "cat") == nil)
    }

    @Test func thePayeeMayRequestTheirOwnStipend() {
        var ledger = readyLedger()
        ledger.given(request, on: "2027-04-10", by: "f-1")
        #expect(ledger.refusal(approve, on: "2027-04-11", by: "bob") == nil)
    }

    @Test func approvalReadsThePayeeStream() {
        var ledger = readyLedger()
        ledger.given(request, on: "2027-04-10", by: "ann")
        #expect(approve.streamsRead == [.program, .community(c)])
        #expect(approve.streamsRead(given: ledger.read(for: approve)) == [.program, .community(c), .person(pid("f-1"))])
    }

    @Test func approvalNeedsTrainingAndGatheringsOrAWaiver() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.recordGathering(RecordGathering(community: c, kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: [])), on: "2026-10-01")
        ledger.given(request, on: "2026-12-01", by: "ann")
        #expect(ledger.refusal(approve, on: "2026-12-02", by: "bob")?.description
            == "STP-05: f-1 has not completed leadership training (LDR-04) and c-latinx has 1 of 2 gatherings in 2026-27 (OBL-03); approve after that, or with a waiver and a reason")
        let waived = try ledger.run(.approveStipend(ApproveStipend(community: c, year: y, waiver: "training booked for January")), on: "2026-12-02", by: "bob")
        #expect(waived.map(\.event) == [.stipendApproved(StipendApproved(community: c, year: y, payee: pid("f-1"), waiver: "training booked for January"))])
    }

    @Test func aBarredTitleHoldsTheStipend() {
        var ledger = readyLedger()
        ledger.given(request, on: "2027-04-10", by: "ann")
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .associateDean)), on: "2027-04-11")
        #expect(ledger.refusal(approve, on: "2027-04-12", by: "bob")?.description
            == "LDR-02: f-1 was an associate-dean from 2027-04-11 while leading in 2026-27 and may not lead; the stipend is held until that is resolved")
    }

    @Test func stepsOutOfOrderAreRefused() {
        var ledger = readyLedger()
        #expect(ledger.refusal(approve, by: "bob")?.description == "not-applicable: c-latinx has no stipend awaiting approval for 2026-27; request one first")
        ledger.given(request, on: "2027-04-10", by: "ann")
        #expect(ledger.refusal(pay, by: "cat")?.description == "not-applicable: c-latinx has no approved, unpaid stipend for 2026-27; approve it first")
    }
}
