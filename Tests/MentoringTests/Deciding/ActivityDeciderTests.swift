import Mentoring
import Testing

@Suite struct ActivityDeciderTests {
    @Test func aGatheringIsFacilitatedByALeader() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let byStranger = Command.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .social, hours: hours("2"), facilitator: pid("f-2"), attendees: []))
        #expect(ledger.refusal(byStranger)?.description
            == "OBL-03: f-2 is not a leader of c-latinx on 2026-09-01; a gathering is facilitated by one of its leaders")
        let events = try ledger.run(.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .bookClub, hours: hours("2.5"), facilitator: pid("f-1"), attendees: pids("s-1", "s-1", "r-1"), title: " ")))
        #expect(events.map(\.event) == [.gatheringHeld(GatheringHeld(community: cid("c-latinx"), kind: .bookClub, hours: hours("2.5"), facilitator: pid("f-1"), attendees: pids("s-1", "r-1")))])
    }

    @Test func aMeetingIsWithTheCommunitysStudents() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.join("s-1")
        let strangers = Command.recordMeeting(RecordMeeting(community: cid("c-latinx"), leader: pid("f-1"), mode: .class, students: pids("s-1", "s-2", "s-3"), hours: hours("1")))
        #expect(ledger.refusal(strangers)?.description
            == "OBL-02: s-2, s-3 are not students of c-latinx on 2026-09-01; a leader meets the community's own students")
        #expect(ledger.refusal(.recordMeeting(RecordMeeting(community: cid("c-latinx"), leader: pid("f-1"), mode: .individual, students: [], hours: hours("1"))))?.code == .invalidInput)
        #expect(ledger.refusal(.recordMeeting(RecordMeeting(community: cid("c-latinx"), leader: pid("f-2"), mode: .individual, students: pids("s-1"), hours: hours("1"))))?.rule == .obl02)
        #expect(ledger.refusal(.recordMeeting(RecordMeeting(community: cid("c-latinx"), leader: pid("f-1"), mode: .individual, students: pids("s-1"), hours: hours("1")))) == nil)
    }

    @Test func hoursAreLoggedByLeadersWithAnActivity() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        #expect(ledger.refusal(.logHours(LogHours(leader: pid("f-2"), community: cid("c-latinx"), hours: hours("1"), activity: "advising")))?.description
            == "OBL-01: f-2 is not a leader of c-latinx on 2026-09-01; log hours of its leaders only")
        #expect(ledger.refusal(.logHours(LogHours(leader: pid("f-1"), community: cid("c-latinx"), hours: hours("1"), activity: "")))?.code == .invalidInput)
        #expect(ledger.refusal(.logHours(LogHours(leader: pid("f-1"), community: cid("c-latinx"), hours: hours("1"), activity: "advising"))) == nil)
    }
}
