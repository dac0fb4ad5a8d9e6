import Mentoring
import Testing

@Suite struct CorrectionTests {
    let c = cid("c-latinx")

    func correct(_ envelope: EventEnvelope) -> Command {
        .correctEvent(CorrectEvent(eventID: envelope.eventID, stream: envelope.stream))
    }

    @Test func aCorrectionVoidsTheEventAndTheOriginalStays() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let gathering = ledger.given(.recordGathering(RecordGathering(community: c, kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: [])))[0]
        #expect(ledger.refusal(correct(gathering))?.description == "REC-01: a correction needs a reason")
        let appended = try ledger.run(correct(gathering), on: "2026-09-05", reason: "recorded twice")
        #expect(appended.map(\.event) == [.eventCorrected(EventCorrected(voids: gathering.eventID, voidedType: "GatheringHeld", reason: "recorded twice"))])
        #expect(appended.map(\.stream) == [.community(c)])
        let state = ledger.all.community(c)
        #expect(state.gatherings.isEmpty)
        #expect(state.history.contains(gathering))
        #expect(state.voided[gathering.eventID]?.eventID == appended[0].eventID)
        // As of a day before the correction, the gathering still counts.
        #expect(state.asOf(day("2026-09-04")).gatherings.count == 1)
    }

    @Test func voidedOnceAndCorrectionsStay() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let logged = ledger.given(.logHours(LogHours(leader: pid("f-1"), community: c, hours: hours("1"), activity: "advising")))[0]
        let correction = try ledger.run(correct(logged), reason: "wrong leader")[0]
        #expect(ledger.refusal(correct(logged), reason: "again")?.description
            == "already-done: event \(logged.eventID) was already voided on 2026-09-01 (position \(correction.position))")
        #expect(ledger.refusal(correct(correction), reason: "undo")?.description
            == "REC-01: event \(correction.eventID) is itself a correction and stays; record the right fact with a new command")
        #expect(ledger.refusal(.correctEvent(CorrectEvent(eventID: EventID("nope"), stream: .community(c))), reason: "x")?.description
            == "not-applicable: there is no event nope in community-c-latinx; check the id with the events of community-c-latinx")
    }

    @Test func voidingAJoinVoidsBothHalvesAndFreesTheStudent() throws {
        var ledger = Ledger.program()
        ledger.join("s-1", "c-latinx", on: "2026-08-01")
        let join = ledger.log.last { $0.event.typeName == "StudentJoined" }!
        let command = correct(join)
        #expect(command.streamsRead(given: ledger.read(for: command)) == [.program, .community(c), .person(pid("s-1"))])
        let appended = try ledger.run(command, reason: "meant c-gen1")
        #expect(appended.map(\.stream) == [.community(c), .person(pid("s-1"))])
        #expect(appended.map(\.event.typeName) == ["EventCorrected", "EventCorrected"])
        #expect(ledger.all.community(c).current(.student).isEmpty)
        #expect(ledger.all.person(pid("s-1")).placements.allSatisfy { $0.released != nil })
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-gen1")))) == nil)
    }

    @Test func aVoidMayNotPutAStudentInTwoCommunities() {
        var ledger = Ledger.program()
        ledger.join("s-1", "c-latinx", on: "2026-08-01")
        ledger.given(.leaveStudent(LeaveStudent(student: pid("s-1"), community: c)), on: "2026-08-10")
        let leave = ledger.log.last { $0.event.typeName == "StudentLeft" }!
        ledger.join("s-1", "c-gen1", on: "2026-08-11")
        #expect(ledger.refusal(correct(leave), reason: "never left")?.description
            == "COM-06: voiding this would make s-1 a student of c-latinx and c-gen1; a student belongs to one community at a time; have them leave one first")
    }

    @Test func onlyTheLatestMoveOfAStudentIsVoided() {
        var ledger = Ledger.program()
        ledger.join("s-1", "c-latinx", on: "2026-08-01")
        let join = ledger.log.last { $0.event.typeName == "StudentJoined" }!
        ledger.given(.leaveStudent(LeaveStudent(student: pid("s-1"), community: c)), on: "2026-08-10")
        let leave = ledger.log.last { $0.event.typeName == "StudentLeft" }!
        #expect(ledger.refusal(correct(join), reason: "x")?.description
            == "REC-01: s-1 moved again after event \(join.eventID) (StudentLeft \(leave.eventID) on 2026-08-10); correct that later event first")
        let placed = ledger.log.first { $0.event.typeName == "StudentPlaced" }!
        #expect(ledger.refusal(correct(placed), reason: "x")?.code == .notApplicable)
    }

    @Test func aVoidMayNotOverfillACommunity() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.appoint("f-2")
        ledger.appoint("f-3")
        ledger.given(.stepDownLeader(StepDownLeader(leader: pid("f-3"), community: c)), on: "2026-08-01")
        let stepDown = ledger.log.last!
        ledger.appoint("f-4", on: "2026-08-02")
        #expect(ledger.refusal(correct(stepDown), reason: "never stepped down")?.description
            == "COM-01: voiding this would leave c-latinx with 4 leaders, above the maximum 3; remove one first")
    }

    @Test func correctingAnEventOfAClosedYearIsAnAdjustment() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let logged = ledger.given(.logHours(LogHours(leader: pid("f-1"), community: c, hours: hours("1"), activity: "advising")), on: "2027-03-01")[0]
        ledger.given(.closeYear(CloseYear(year: year("2026-27"))), on: "2027-07-01")
        // The reason a correction always needs also serves the closed year.
        let appended = try ledger.run(correct(logged), on: "2027-08-01", reason: "wrong community")
        #expect(appended.map(\.isPostCloseAdjustment) == [true])
    }

    @Test func voidingARetirementReactivatesTheCommunity() throws {
        var ledger = Ledger.program()
        let retired = ledger.given(.retireCommunity(RetireCommunity(community: cid("c-gen1"))), on: "2026-09-01", reason: "typo")[0]
        #expect(!ledger.all.program.communities[cid("c-gen1")]!.isActive(on: day("2026-09-02")))
        try ledger.run(correct(retired), on: "2026-09-02", reason: "retired the wrong one")
        #expect(ledger.all.program.communities[cid("c-gen1")]!.isActive(on: day("2026-09-02")))
    }
}
