import Mentoring
import Testing

@Suite struct YearCloseTests {
    @Test func aYearClosesOnlyAfterItEnds() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.closeYear(CloseYear(year: year("2026-27"))), on: "2027-06-30")?.description
            == "not-applicable: 2026-27 runs until 2027-06-30; close it after that")
        #expect(ledger.refusal(.closeYear(CloseYear(year: year("2026-27"))), on: "2027-07-01") == nil)
        #expect(ledger.refusal(.closeYear(CloseYear(year: year("2026-27"))), on: "2027-07-02")?.description
            == "already-done: 2026-27 was closed on 2027-07-01")
    }

    @Test func writesDatedInAClosedYearNeedAReasonAndAreMarked() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.closeYear(CloseYear(year: year("2026-27"))), on: "2027-07-15")
        let gathering = Command.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: []))
        #expect(ledger.refusal(gathering, on: "2027-05-01")?.description
            == "REC-01: 2026-27 is closed; a write dated 2027-05-01 that touches it needs a reason, and is recorded as a post-close adjustment")
        let late = try ledger.run(gathering, on: "2027-05-01", reason: "found the sign-in sheet")
        #expect(late.map(\.isPostCloseAdjustment) == [true])
        // July 1 is the next, open year: no reason needed, not marked.
        let next = try ledger.run(gathering, on: "2027-07-01")
        #expect(next.map(\.isPostCloseAdjustment) == [false])
    }

    @Test func payingAStipendOfAClosedYearIsAnAdjustment() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.requestStipend(RequestStipend(community: cid("c-latinx"), year: year("2026-27"), payee: pid("f-1"), amount: dollars("2500"))), on: "2027-06-01", by: "ann")
        ledger.given(.closeYear(CloseYear(year: year("2026-27"))), on: "2027-07-01")
        let approve = Command.approveStipend(ApproveStipend(community: cid("c-latinx"), year: year("2026-27"), waiver: "late paperwork"))
        #expect(ledger.refusal(approve, on: "2027-08-01", by: "bob")?.rule == .rec01)
        let approved = try ledger.run(approve, on: "2027-08-01", by: "bob", reason: "approval delayed")
        #expect(approved.first?.isPostCloseAdjustment == true)
    }
}
