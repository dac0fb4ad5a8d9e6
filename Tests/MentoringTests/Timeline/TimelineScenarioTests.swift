import Mentoring
import Testing

/// The cases of "the rules hold on every date": writes recorded late, back-dated or
/// recorded ahead, and corrections weeks later, each as given / when / then, with the
/// refusal and the edge that is allowed.
@Suite struct TimelineScenarioTests {
    let c = cid("c-latinx")
    let g = cid("c-gen1")

    func correct(_ envelope: EventEnvelope) -> Command {
        .correctEvent(CorrectEvent(eventID: envelope.eventID, stream: envelope.stream))
    }

    func join(_ student: String, _ community: CommunityID) -> Command {
        .joinStudent(JoinStudent(student: pid(student), community: community))
    }

    func leave(_ student: String, _ community: CommunityID) -> Command {
        .leaveStudent(LeaveStudent(student: pid(student), community: community))
    }

    /// 18 students in c-latinx from July 1 (the maximum).
    func fullCommunity() -> Ledger {
        var ledger = Ledger.program()
        for index in 1...18 { ledger.join("s-\(index)") }
        return ledger
    }

    @Test func aLeaveRecordedAheadFreesTheSeatOnlyFromItsDate() {
        var ledger = fullCommunity()
        ledger.given(leave("s-1", c), on: "2027-03-01")
        #expect(ledger.refusal(join("s-19", c), on: "2026-12-01")?.description
            == "COM-03: c-latinx already has 18 students (the maximum); remove one first")
        #expect(ledger.refusal(join("s-19", c), on: "2027-03-01") == nil)
    }

    @Test func aJoinBackDatedBeforeARecordedLeaveIsRefused() {
        var ledger = fullCommunity()
        ledger.given(leave("s-1", c), on: "2026-12-01")
        #expect(ledger.refusal(join("s-19", c), on: "2026-11-01")?.description
            == "COM-03: c-latinx already has 18 students (the maximum); remove one first")
        #expect(ledger.refusal(join("s-19", c), on: "2026-12-01") == nil)
    }

    @Test func aJoinThatWouldOverfillALaterDateIsRefused() {
        var ledger = Ledger.program()
        for index in 1...17 { ledger.join("s-\(index)") }
        ledger.given(join("s-18", c), on: "2027-01-10")
        // A join dated in November fits then, but would make 19 from January 10.
        #expect(ledger.refusal(join("s-19", c), on: "2026-11-01")?.description
            == "COM-03: c-latinx would have 19 students from 2027-01-10 to 2029-06-30, above the maximum 18 (memberships recorded ahead count on their dates); remove one first")
    }

    @Test func aStudentInTwoCommunitiesAtOnceIsRefusedOnEveryDate() {
        var ledger = Ledger.program()
        ledger.join("s-1")
        ledger.given(leave("s-1", c), on: "2026-12-01")
        #expect(ledger.refusal(join("s-1", g), on: "2026-11-01")?.description
            == "COM-06: s-1 is a student of c-latinx; a student belongs to one community at a time; leave c-latinx first")
        // Joining c-gen1 before c-latinx, dated ahead of the seat there, is refused too.
        var ahead = Ledger.program()
        ahead.join("s-1", on: "2026-10-01")
        #expect(ahead.refusal(join("s-1", g), on: "2026-09-01")?.description
            == "COM-06: s-1 is a student of c-latinx from 2026-10-01; a student belongs to one community at a time; leave c-latinx first")
        #expect(ledger.refusal(join("s-1", g), on: "2026-12-01") == nil)
    }

    @Test func aSecondLiaisonInsideTheFirstsPeriodIsRefused() {
        var ledger = Ledger.program()
        ledger.given(.assignStaff(AssignStaff(staff: pid("st-1"), community: c)), on: "2026-09-01")
        ledger.given(.unassignStaff(UnassignStaff(staff: pid("st-1"), community: c)), on: "2026-12-01")
        #expect(ledger.refusal(.assignStaff(AssignStaff(staff: pid("st-2"), community: c)), on: "2026-11-01")?.rule == .com04)
        #expect(ledger.refusal(.assignStaff(AssignStaff(staff: pid("st-2"), community: c)), on: "2026-12-01") == nil)
    }

    @Test func aSecondCommunityOfAFocusDatedBeforeTheFirstIsRefused() {
        var ledger = Ledger()
        ledger.given(.establishCommunity(EstablishCommunity(community: c, name: "Latinx", focus: .latinx)), on: "2026-09-01")
        let earlier = ledger.refusal(.establishCommunity(EstablishCommunity(community: cid("c-latinx-2"), name: "Latinx 2", focus: .latinx)), on: "2026-08-01")
        #expect(earlier?.description == "PRG-02: there is already 1 active latinx community (c-latinx) on 2026-09-01, the maximum is 1; retire one first or set a policy for 2026-27")
    }

    @Test func voidingALeaveThatWouldOverfillIsRefused() throws {
        var ledger = fullCommunity()
        let left = ledger.given(leave("s-1", c), on: "2026-10-01")
        ledger.given(join("s-19", c), on: "2026-10-02")
        #expect(ledger.refusal(correct(left[0]), on: "2026-11-01", reason: "never left")?.rule == .com03)
    }

    @Test func voidingAStepDownAfterAReappointmentIsRefused() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let steppedDown = ledger.given(.stepDownLeader(StepDownLeader(leader: pid("f-1"), community: c)), on: "2026-10-01")
        ledger.appoint("f-1", on: "2026-11-01")
        let refusal = ledger.refusal(correct(steppedDown[0]), on: "2026-11-02", reason: "typo")
        #expect(refusal?.description == "COM-01: voiding this would leave f-1's periods as leader of c-latinx out of order on 2026-11-01 (two starts, or an end with none open); correct the later event first")
        #expect(ledger.all.community(c).members(.leader, on: day("2026-11-05")).count == 1)
    }

    @Test func voidingAResidentsLeaveAfterTheyRejoinedIsRefused() {
        var ledger = Ledger.program()
        ledger.given(.joinResident(JoinResident(resident: pid("r-1"), community: c)), on: "2026-09-01")
        let left = ledger.given(.leaveResident(LeaveResident(resident: pid("r-1"), community: c)), on: "2026-10-01")
        ledger.given(.joinResident(JoinResident(resident: pid("r-1"), community: c)), on: "2026-11-01")
        #expect(ledger.refusal(correct(left[0]), on: "2026-11-02", reason: "typo")?.rule == .com02)
    }

    @Test func voidingAnEstablishmentOrARegistrationOthersRestOnIsRefused() {
        var ledger = Ledger.program()
        ledger.join("s-1")
        let established = ledger.log.first { if case .communityEstablished(let e) = $0.event { return e.community == c } else { return false } }!
        #expect(ledger.refusal(correct(established), on: "2026-09-02", reason: "typo")?.description
            == "not-applicable: voiding this would leave 1 membership and the activities of c-latinx in a community that was never established; correct those first")
        ledger.appoint("f-1")
        let registered = ledger.log.first { if case .personRegistered(let e) = $0.event { return e.person == pid("f-1") } else { return false } }!
        #expect(ledger.refusal(correct(registered), on: "2026-09-02", reason: "typo")?.code == .unknownPerson)
        // An unused community may be voided.
        let unused = ledger.log.first { if case .communityEstablished(let e) = $0.event { return e.community == g } else { return false } }!
        #expect(ledger.refusal(correct(unused), on: "2026-09-02", reason: "typo") == nil)
    }

    @Test func aRetirementBackDatedBeforeAMembersJoinIsRefused() {
        var ledger = Ledger.program()
        ledger.join("s-1", on: "2026-10-01")
        let refusal = ledger.refusal(.retireCommunity(RetireCommunity(community: c)), on: "2026-09-15", reason: "merged")
        #expect(refusal?.description
            == "unknown-community: s-1 is a student of c-latinx from 2026-10-01 with no end, past the retirement on 2026-09-15; correct that membership first, or date the retirement later")
        // A join on the retirement day is after it too: the community runs until the day before.
        #expect(ledger.refusal(.retireCommunity(RetireCommunity(community: c)), on: "2026-10-01", reason: "merged")?.code == .unknownCommunity)
        #expect(ledger.refusal(.retireCommunity(RetireCommunity(community: c)), on: "2026-10-02", reason: "merged") == nil)
    }

    @Test func aStipendForAYearAfterRetirementIsRefused() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.retireCommunity(RetireCommunity(community: c)), on: "2027-03-01", reason: "merged")
        let request = Command.requestStipend(RequestStipend(community: c, year: year("2027-28"), payee: pid("f-1"), amount: dollars("2500")))
        #expect(ledger.refusal(request, on: "2027-08-01", by: "ann")?.rule == .stp03)
        let thisYear = Command.requestStipend(RequestStipend(community: c, year: year("2026-27"), payee: pid("f-1"), amount: dollars("2500")))
        #expect(ledger.refusal(thisYear, on: "2027-04-01", by: "ann") == nil)
    }

    @Test func datesOutOfOrderAreRefused() {
        var ledger = Ledger.program(on: "2026-08-01")
        ledger.join("s-1", on: "2026-09-01")
        #expect(ledger.refusal(leave("s-1", c), on: "2026-08-15")?.description
            == "not-applicable: s-1 becomes a student of c-latinx on 2026-09-01, after 2026-08-15; a leave cannot be dated before its join")
        #expect(ledger.refusal(join("s-2", c), on: "2026-07-15")?.description
            == "unknown-community: c-latinx is established from 2026-08-01, after 2026-07-15; check the date")
        ledger.given(.establishCommunity(EstablishCommunity(community: cid("c-old"), name: "Old", focus: .general)), on: "2026-07-01")
        #expect(ledger.refusal(join("s-2", cid("c-old")), on: "2026-07-15")?.description
            == "unknown-person: s-2 is registered from 2026-08-01, after 2026-07-15; a fact about them cannot be dated before it; check the date")
        #expect(ledger.refusal(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .seniorDean)), on: "2026-07-15")?.code == .unknownPerson)
        #expect(ledger.refusal(.completeTraining(CompleteTraining(faculty: pid("f-1"), hours: hours("1"))), on: "2026-07-15")?.code == .unknownPerson)
    }

    @Test func aStipendForAYearAheadIsRefused() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let ahead = Command.requestStipend(RequestStipend(community: c, year: year("2028-29"), payee: pid("f-1"), amount: dollars("2500")))
        #expect(ledger.refusal(ahead, on: "2026-09-01", by: "ann")?.description
            == "STP-03: a stipend for 2028-29 can be requested from 2028-07-01, when that year begins; 2026-09-01 is before it")
    }

    @Test func titlesApplyByTheirDatesNotTheirRecording() {
        var ledger = Ledger.program()
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .seniorDean)), on: "2026-12-01")
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .none)), on: "2027-02-01")
        // Recorded last, dated first: it does not override the later ones.
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .clerkshipDirector)), on: "2026-09-01")
        let person = ledger.all.person(pid("f-1"))
        #expect(person.title(on: day("2026-10-01")) == .clerkshipDirector)
        #expect(person.title(on: day("2027-01-01")) == .seniorDean)
        #expect(person.title == FacultyTitle.none)
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-1"), community: c)), on: "2026-10-01")?.rule == .ldr02)
        #expect(ledger.refusal(.appointLeader(AppointLeader(leader: pid("f-1"), community: c)), on: "2027-02-01") == nil)
    }

    @Test func theStipendHoldLooksAtTitlesDuringTheLeadershipInThatYear() throws {
        let request = Command.requestStipend(RequestStipend(community: c, year: year("2026-27"), payee: pid("f-1"), amount: dollars("2500")))
        let approve = Command.approveStipend(ApproveStipend(community: c, year: year("2026-27"), waiver: "waived"))
        let pay = Command.payStipend(PayStipend(community: c, year: year("2026-27"), reference: "AP-1"))
        // A dean only after the year ended: paid.
        var after = Ledger.program()
        after.appoint("f-1")
        after.given(request, on: "2027-05-01", by: "ann")
        after.given(approve, on: "2027-05-02", by: "bob")
        after.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .associateDean)), on: "2027-08-01")
        #expect(after.refusal(pay, on: "2027-08-15", by: "cid") == nil)
        // A dean for two months mid-year: held, though no longer a dean when paid.
        var midYear = Ledger.program()
        midYear.appoint("f-1")
        midYear.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .associateDean)), on: "2026-11-01")
        midYear.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .none)), on: "2027-01-01")
        #expect(midYear.refusal(request, on: "2027-05-01", by: "ann")?.description
            == "LDR-02: f-1 was an associate-dean from 2026-11-01 while leading in 2026-27 and may not lead; the stipend is held until that is resolved")
    }

    @Test func experienceIsMeasuredToTheAppointmentDate() {
        var ledger = Ledger.program(on: "2026-01-05")
        ledger.given(.registerPerson(RegisterPerson(person: pid("f-21"), name: "F", role: .faculty, residencyCompleted: 2021)), on: "2026-01-10")
        let appoint = Command.appointLeader(AppointLeader(leader: pid("f-21"), community: c))
        #expect(ledger.refusal(appoint, on: "2026-03-01")?.rule == .ldr03)
        #expect(ledger.refusal(appoint, on: "2026-07-01") == nil)
    }

    @Test func graduationEndsAMembershipAndBarsLaterJoins() {
        var ledger = Ledger.program()
        ledger.given(.registerPerson(RegisterPerson(person: pid("s-2027"), name: "S", role: .student, classOf: 2027)), on: "2026-07-01")
        ledger.join("s-2027")
        for index in 1...17 { ledger.join("s-\(index)") }
        // Full in 2026-27 …
        #expect(ledger.refusal(join("s-18", c), on: "2027-06-30")?.rule == .com03)
        // … but s-2027 graduated on June 30: the seat is free from July 1.
        #expect(ledger.refusal(join("s-18", c), on: "2027-07-01") == nil)
        let graduated = ledger.all.community(c).members(.student, on: day("2027-07-01"), people: ledger.all.people, program: ledger.all.program)
        #expect(!graduated.contains { $0.person == pid("s-2027") })
        #expect(ledger.refusal(join("s-2027", g), on: "2027-07-01")?.description
            == "COM-03: s-2027 graduated on 2027-06-30 (class of 2027); a student joins no community after graduation")
    }

    /// f-1 leads c-latinx, trained, with two gatherings; its 2026-27 stipend requested,
    /// approved and paid by three actors. Returns the ledger and the three events.
    func paidStipend() -> (Ledger, request: EventEnvelope, approval: EventEnvelope, payment: EventEnvelope) {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.completeTraining(CompleteTraining(faculty: pid("f-1"), hours: hours("1.5"))), on: "2026-07-10")
        for date in ["2026-10-01", "2027-03-01"] {
            ledger.given(.recordGathering(RecordGathering(community: c, kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: [])), on: date)
        }
        let request = ledger.given(.requestStipend(RequestStipend(community: c, year: year("2026-27"), payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-01", by: "ann")[0]
        let approval = ledger.given(.approveStipend(ApproveStipend(community: c, year: year("2026-27"))), on: "2027-04-02", by: "bob")[0]
        let payment = ledger.given(.payStipend(PayStipend(community: c, year: year("2026-27"), reference: "AP-1")), on: "2027-04-03", by: "cid")[0]
        return (ledger, request, approval, payment)
    }

    @Test func correctionsCannotBypassTheStipendRules() {
        var (ledger, request, approval, _) = paidStipend()
        #expect(ledger.refusal(correct(request), on: "2027-04-10", reason: "wrong")?.description
            == "STP-01: voiding this would leave StipendApproved of 2027-04-02 without a live request for it; reverse the stipend first (`mcledger stipend reverse`), then correct")
        #expect(ledger.refusal(correct(approval), on: "2027-04-10", reason: "wrong")?.description
            == "STP-01: voiding this would leave StipendPaid of 2027-04-03 without a live approval for it; reverse the stipend first (`mcledger stipend reverse`), then correct")
        let appointment = ledger.log.first { if case .leaderAppointed = $0.event { return true } else { return false } }!
        #expect(ledger.refusal(correct(appointment), on: "2027-04-10", reason: "wrong")?.description
            == "STP-03: voiding this would leave the paid stipend of f-1 for 2026-27 resting on no leadership of c-latinx in 2026-27; reverse the stipend first")
        // Reverse, request again: voiding the reversal would make two live stipends.
        let reversal = ledger.given(.reverseStipend(ReverseStipend(community: c, year: year("2026-27"))), on: "2027-04-11", reason: "paid twice in AP")[0]
        ledger.given(.requestStipend(RequestStipend(community: c, year: year("2026-27"), payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-12", by: "ann")
        #expect(ledger.refusal(correct(reversal), on: "2027-04-13", reason: "wrong")?.rule == .stp01)
        // The reversed stipend's steps still rest on its request: it stays.
        #expect(ledger.refusal(correct(request), on: "2027-04-13", reason: "wrong")?.rule == .stp01)
    }
}
