import Mentoring
import Testing

@Suite struct OtherMembershipTests {
    @Test func fourthResidentJoinsFifthIsRefused() {
        var ledger = Ledger.program()
        for index in 1...3 { ledger.given(.joinResident(JoinResident(resident: pid("r-\(index)"), community: cid("c-latinx")))) }
        #expect(ledger.refusal(.joinResident(JoinResident(resident: pid("r-4"), community: cid("c-latinx")))) == nil)
        #expect(ledger.refusal(.joinResident(JoinResident(resident: pid("r-5"), community: cid("c-latinx"))))?.description
            == "COM-02: c-latinx already has 4 residents (the maximum); remove one first")
    }

    @Test func oneStaffLiaisonAtATime() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.assignStaff(AssignStaff(staff: pid("st-1"), community: cid("c-latinx")))) == nil)
        #expect(ledger.refusal(.assignStaff(AssignStaff(staff: pid("st-2"), community: cid("c-latinx"))))?.description
            == "COM-04: c-latinx already has 1 staff liaison (the maximum: st-1); unassign them first")
        ledger.given(.unassignStaff(UnassignStaff(staff: pid("st-1"), community: cid("c-latinx"))), on: "2026-10-01")
        #expect(ledger.refusal(.assignStaff(AssignStaff(staff: pid("st-2"), community: cid("c-latinx"))), on: "2026-10-01") == nil)
    }

    @Test func communityMemberNeedsBothApprovalsAndAtMostOne() throws {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.assignMember(AssignMember(member: pid("m-1"), community: cid("c-latinx"), deiApproval: " ", saApproval: "sa-1")))?.description
            == "COM-05: a member of the local community is assigned with recorded DEI and Student Affairs approval; give the DEI approval")
        let assigned = try ledger.run(.assignMember(AssignMember(member: pid("m-1"), community: cid("c-latinx"), deiApproval: "dei-1", saApproval: "sa-1")))
        #expect(assigned.map(\.event) == [.communityMemberAssigned(CommunityMemberAssigned(community: cid("c-latinx"), member: pid("m-1"), deiApproval: "dei-1", saApproval: "sa-1"))])
        #expect(ledger.refusal(.assignMember(AssignMember(member: pid("m-2"), community: cid("c-latinx"), deiApproval: "dei-2", saApproval: "sa-2")))?.description
            == "COM-05: c-latinx already has 1 member of the local community (the maximum: m-1); remove one first")
    }
}
