import Mentoring
import Testing

@Suite struct StudentMembershipTests {
    @Test func joinWritesTheCommunityAndTheStudentStream() throws {
        let ledger = Ledger.program()
        let command = Command.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-latinx")))
        #expect(command.streamsRead == [.program, .community(cid("c-latinx")), .person(pid("s-1"))])
        #expect(try ledger.decide(command) == [
            PendingEvent(stream: .community(cid("c-latinx")), event: .studentJoined(StudentJoined(community: cid("c-latinx"), student: pid("s-1")))),
            PendingEvent(stream: .person(pid("s-1")), event: .studentPlaced(StudentPlaced(student: pid("s-1"), community: cid("c-latinx")))),
        ])
    }

    @Test func eighteenthStudentJoinsNineteenthIsRefused() throws {
        var ledger = Ledger.program()
        for index in 1...17 { ledger.join("s-\(index)") }
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-18"), community: cid("c-latinx")))) == nil)
        #expect(ledger.all.community(cid("c-latinx")).current(.student).count == 18)
        let refusal = ledger.refusal(.joinStudent(JoinStudent(student: pid("s-19"), community: cid("c-latinx"))))
        #expect(refusal?.description == "COM-03: c-latinx already has 18 students (the maximum); remove one first")
        #expect(refusal?.rule == .com03)
    }

    @Test func studentBelongsToOneCommunityAtATime() throws {
        var ledger = Ledger.program()
        ledger.join("s-1", "c-latinx")
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-gen1"))))?.description
            == "COM-06: s-1 is a student of c-latinx; a student belongs to one community at a time; leave c-latinx first")
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-latinx"))))?.description
            == "already-done: s-1 is already a student of c-latinx")
        let left = try ledger.run(.leaveStudent(LeaveStudent(student: pid("s-1"), community: cid("c-latinx"))), on: "2026-10-01")
        #expect(left.map(\.event.typeName) == ["StudentLeft", "StudentReleased"])
        #expect(left.map(\.stream) == [.community(cid("c-latinx")), .person(pid("s-1"))])
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-gen1"))), on: "2026-10-01") == nil)
    }

    @Test func onlyStudentsJoinAsStudents() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("f-1"), community: cid("c-latinx"))))?.description
            == "wrong-role: f-1 is registered as faculty; only a student can join as student")
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-99"), community: cid("c-latinx"))))?.description
            == "unknown-person: no person s-99 is registered; register them first with `mcledger person register s-99`")
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-none"))))?.description
            == "unknown-community: no community c-none exists; establish it first with `mcledger community establish c-none`")
    }

    @Test func retiringEndsEveryMembershipAndTakesNoOneAfter() {
        var ledger = Ledger.program()
        ledger.join("s-1")
        ledger.appoint("f-1")
        let retired = ledger.given(.retireCommunity(RetireCommunity(community: cid("c-latinx"))), on: "2026-12-01", reason: "merged")
        #expect(retired.map(\.event.typeName) == ["CommunityRetired", "StudentLeft", "StudentReleased", "LeaderSteppedDown"])
        #expect(retired.allSatisfy { $0.occurredOn == day("2026-12-01") })
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-2"), community: cid("c-latinx"))), on: "2026-12-02")?.description
            == "unknown-community: c-latinx was retired on 2026-12-01; choose an active community")
        // The student's seat ended with the community: they may join another at once (COM-06).
        #expect(ledger.refusal(.joinStudent(JoinStudent(student: pid("s-1"), community: cid("c-gen1"))), on: "2026-12-01") == nil)
    }

    @Test func leavingACommunityOneIsNotInIsRefused() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.leaveStudent(LeaveStudent(student: pid("s-1"), community: cid("c-latinx"))))?.description
            == "not-applicable: s-1 is not a student of c-latinx; check the ids")
    }
}
