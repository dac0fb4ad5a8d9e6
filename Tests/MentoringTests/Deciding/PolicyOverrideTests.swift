import Mentoring
import Testing

/// A policy set for a year changes the refusals from July 1 of that year, not a day before.
@Suite struct PolicyOverrideTests {
    @Test func aLargerStudentMaximumAppliesFromJulyFirstOfItsYear() {
        var ledger = Ledger.program()
        var policy = Policy()
        policy.students = CountRange(6, 19)
        ledger.given(.setPolicy(SetPolicy(year: year("2027-28"), policy: policy)), on: "2027-05-01")
        for index in 1...18 { ledger.join("s-\(index)") }
        let nineteenth = Command.joinStudent(JoinStudent(student: pid("s-19"), community: cid("c-latinx")))
        #expect(ledger.refusal(nineteenth, on: "2027-06-30")?.description
            == "COM-03: c-latinx already has 18 students (the maximum); remove one first")
        #expect(ledger.refusal(nineteenth, on: "2027-07-01") == nil)
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-20"), community: cid("c-latinx"))), on: "2027-07-01")?.description
            == "COM-03: c-latinx already has 19 students (the maximum); remove one first")
    }

    @Test func theStipendAmountIsTheYearsPolicy() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        var policy = Policy()
        policy.stipendAmount = dollars("3000")
        ledger.given(.setPolicy(SetPolicy(year: year("2027-28"), policy: policy)), on: "2027-05-01")
        let old = RequestStipend(community: cid("c-latinx"), year: year("2026-27"), payee: pid("f-1"), amount: dollars("3000"))
        #expect(ledger.refusal(.requestStipend(old), on: "2027-05-02")?.rule == .stp02)
        let new = RequestStipend(community: cid("c-latinx"), year: year("2027-28"), payee: pid("f-1"), amount: dollars("3000"))
        #expect(ledger.refusal(.requestStipend(new), on: "2027-07-02") == nil)
    }

    @Test func anUnsoundPolicyIsRefused() {
        var ledger = Ledger.program()
        var policy = Policy()
        policy.students = CountRange(19, 18)
        #expect(ledger.refusal(.setPolicy(SetPolicy(year: year("2027-28"), policy: policy)))?.code == .invalidInput)
    }
}
