import Mentoring
import Testing

@Suite struct ProgramDeciderTests {
    @Test func focusMaximumIsRefusedTheEdgeIsAllowed() {
        var ledger = Ledger()
        ledger.given(.establishCommunity(EstablishCommunity(community: cid("c-asian-1"), name: "Asian 1", focus: .asian)))
        #expect(ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-asian-2"), name: "Asian 2", focus: .asian))) == nil)
        #expect(ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-asian-3"), name: "Asian 3", focus: .asian)))?.description
            == "PRG-02: there are already 2 active asian communities (c-asian-1, c-asian-2), the maximum is 2; retire one first or set a policy for 2026-27")
        ledger.given(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)))
        #expect(ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-latinx-2"), name: "Latinx 2", focus: .latinx)))?.rule == .prg02)
    }

    @Test func aRetiredCommunityFreesItsFocusButNotItsId() {
        var ledger = Ledger()
        ledger.given(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)), on: "2026-07-01")
        ledger.given(.retireCommunity(RetireCommunity(community: cid("c-latinx"))), on: "2026-08-01", reason: "renamed")
        #expect(ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)), on: "2026-08-02")?.description
            == "already-done: community c-latinx was established on 2026-07-01; ids are never reused, choose another")
        #expect(ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-latinx-b"), name: "Latinx", focus: .latinx)), on: "2026-08-02") == nil)
    }

    @Test func retiringNeedsAReason() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.retireCommunity(RetireCommunity(community: cid("c-gen1"))))?.description
            == "REC-01: retiring c-gen1 needs a reason")
        #expect(ledger.refusal(.retireCommunity(RetireCommunity(community: cid("c-gen1"))), reason: "too few students") == nil)
        #expect(ledger.log.last?.event == .communityRetired(CommunityRetired(community: cid("c-gen1"), reason: "too few students")))
    }

    @Test func aPolicyOverrideAppliesFromItsYearOn() {
        var ledger = Ledger()
        var policy = Policy()
        policy.perFocus[.latinx] = CountRange(1, 2)
        ledger.given(.setPolicy(SetPolicy(year: year("2027-28"), policy: policy)), on: "2026-09-01")
        ledger.given(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)), on: "2026-09-01")
        // June 30 is still 2026-27, under the description's maximum of one.
        #expect(ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-latinx-2"), name: "Latinx 2", focus: .latinx)), on: "2027-06-30")?.rule == .prg02)
        // July 1 is 2027-28, under the program's own policy.
        #expect(ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-latinx-2"), name: "Latinx 2", focus: .latinx)), on: "2027-07-01") == nil)
        #expect(ledger.all.program.policy(for: year("2030-31")).perFocus[.latinx] == CountRange(1, 2))
        #expect(ledger.all.program.policy(for: year("2026-27")) == Policy())
    }

    @Test func aPolicyOverrideRaisesTheStudentMaximum() {
        var ledger = Ledger.program()
        var policy = Policy()
        policy.students = CountRange(6, 19)
        ledger.given(.setPolicy(SetPolicy(year: year("2026-27"), policy: policy)), on: "2026-07-01")
        for index in 1...18 { ledger.join("s-\(index)") }
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-19"), community: cid("c-latinx")))) == nil)
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-20"), community: cid("c-latinx"))))?.description
            == "COM-03: c-latinx already has 19 students (the maximum); remove one first")
    }

    @Test func anUnsoundPolicyIsRefused() {
        var ledger = Ledger()
        var policy = Policy()
        policy.leaders = CountRange(4, 3)
        policy.stipendAmount = Cents(0)
        #expect(ledger.refusal(.setPolicy(SetPolicy(year: year("2026-27"), policy: policy)))?.description
            == "invalid-input: the policy for 2026-27 cannot be set: leaders minimum 4 is above its maximum 3; stipend amount must be more than 0; fix those numbers")
    }
}
