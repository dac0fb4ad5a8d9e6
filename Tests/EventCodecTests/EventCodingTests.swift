import Foundation
import EventCodec
import Mentoring
import Testing

@Suite struct EventCodingTests {
    /// One event of every type, with optional fields filled where a type has them.
    static let samples: [Event] = {
        let c = cid("c-latinx")
        let y = year("2026-27")
        var policy = Policy()
        policy.students = CountRange(5, 20)
        policy.gatheringDuty = .eachLeader
        return [
            .communityEstablished(CommunityEstablished(community: c, name: "Latinx", focus: .latinx)),
            .communityRetired(CommunityRetired(community: c, reason: "merged")),
            .policySet(PolicySet(year: y, policy: policy)),
            .yearClosed(YearClosed(year: y)),
            .personRegistered(PersonRegistered(person: pid("f-1"), role: .faculty, residencyCompleted: 2015, title: FacultyTitle.none)),
            .personRegistered(PersonRegistered(person: pid("s-1"), role: .student, classOf: 2029)),
            .personRetitled(PersonRetitled(person: pid("f-1"), title: .clerkshipDirector)),
            .personDetailsChanged(PersonDetailsChanged(person: pid("s-1"), fields: [.name])),
            .personDetailsErased(PersonDetailsErased(person: pid("s-1"), fields: [.name])),
            .trainingCompleted(TrainingCompleted(person: pid("f-1"), hours: hours("1.5"))),
            .studentPlaced(StudentPlaced(student: pid("s-1"), community: c)),
            .studentReleased(StudentReleased(student: pid("s-1"), community: c)),
            .leaderAppointed(LeaderAppointed(community: c, leader: pid("f-1"), exception: "exemplary mentor")),
            .leaderSteppedDown(LeaderSteppedDown(community: c, leader: pid("f-1"))),
            .residentJoined(ResidentJoined(community: c, resident: pid("r-1"))),
            .residentLeft(ResidentLeft(community: c, resident: pid("r-1"))),
            .studentJoined(StudentJoined(community: c, student: pid("s-1"))),
            .studentLeft(StudentLeft(community: c, student: pid("s-1"))),
            .staffLiaisonAssigned(StaffLiaisonAssigned(community: c, staff: pid("st-1"))),
            .staffLiaisonUnassigned(StaffLiaisonUnassigned(community: c, staff: pid("st-1"))),
            .communityMemberAssigned(CommunityMemberAssigned(community: c, member: pid("m-1"), deiApproval: "dei-2026-14", saApproval: "sa-88")),
            .communityMemberRemoved(CommunityMemberRemoved(community: c, member: pid("m-1"))),
            .gatheringHeld(GatheringHeld(community: c, kind: .bookClub, hours: hours("2"), facilitator: pid("f-1"), attendees: pids("s-1", "r-1"), title: "When Breath Becomes Air")),
            .meetingHeld(MeetingHeld(community: c, leader: pid("f-1"), mode: .class, students: pids("s-1", "s-2"), hours: hours("3.25"))),
            .hoursLogged(HoursLogged(community: c, leader: pid("f-1"), hours: hours("0.5"), activity: "office hours")),
            .stipendRequested(StipendRequested(community: c, year: y, payee: pid("f-1"), amount: dollars("2500"))),
            .stipendApproved(StipendApproved(community: c, year: y, payee: pid("f-1"), waiver: "training in August")),
            .stipendPaid(StipendPaid(community: c, year: y, payee: pid("f-1"), amount: dollars("2500"), reference: "AP-7781")),
            .stipendReversed(StipendReversed(community: c, year: y, payee: pid("f-1"), reason: "paid twice")),
            .eventCorrected(EventCorrected(voids: EventID("7f1c"), voidedType: "GatheringHeld", reason: "wrong community")),
            .textRedacted(TextRedacted(event: EventID("7f1c"), field: "title")),
            .recordsDisclosed(RecordsDisclosed(
                recipient: "ann", purpose: DisclosureBasis.schoolOfficials, scope: "roster c-latinx --as-of 2027-01-10",
                students: [pid("s-1"), pid("s-2")], output: .roster
            )),
        ]
    }()

    @Test func samplesCoverEveryType() {
        #expect(Set(Self.samples.map(\.typeName)) == Set(Event.allTypeNames))
        #expect(Event.allTypeNames.count == 31)
        #expect(Set(Event.currentSchemaVersions.keys) == Set(Event.allTypeNames))
    }

    @Test(arguments: samples)
    func roundTrips(_ event: Event) throws {
        let row = event.encode()
        #expect(row.type == event.typeName)
        #expect(row.schemaVersion == 1)  // the inline form; encodeBesideTheLog gives version 2
        #expect(try Event.decode(type: row.type, schemaVersion: row.schemaVersion, data: row.data) == event)
    }

    @Test func keysAreStableAndDecimalsAreStrings() {
        let gathering = Self.samples.first { $0.typeName == "GatheringHeld" }!
        #expect(String(decoding: gathering.encode().data, as: UTF8.self)
            == #"{"attendees":["s-1","r-1"],"community":"c-latinx","facilitator":"f-1","hours":"2.00","kind":"book-club","title":"When Breath Becomes Air"}"#)
        let request = Self.samples.first { $0.typeName == "StipendRequested" }!
        #expect(String(decoding: request.encode().data, as: UTF8.self)
            == #"{"amount":"2500.00","community":"c-latinx","payee":"f-1","year":"2026-27"}"#)
        let student = Event.personRegistered(PersonRegistered(person: pid("s-1"), role: .student, classOf: 2029))
        #expect(String(decoding: student.encode().data, as: UTF8.self) == #"{"classOf":2029,"person":"s-1","role":"student"}"#)
        let correction = Self.samples.first { $0.typeName == "EventCorrected" }!
        #expect(String(decoding: correction.encode().data, as: UTF8.self)
            == #"{"reason":"wrong community","voidedType":"GatheringHeld","voids":"7f1c"}"#)
        // The keys schema/014's record_disclosure() builds and its registry row requires.
        let disclosure = Self.samples.first { $0.typeName == "RecordsDisclosed" }!
        #expect(String(decoding: disclosure.encode().data, as: UTF8.self)
            == #"{"output":"roster","purpose":"99.31(a)(1) school officials with a legitimate educational interest","recipient":"ann","scope":"roster c-latinx --as-of 2027-01-10","students":["s-1","s-2"]}"#)
    }

    @Test func policyEncodesFocusBoundsByName() throws {
        let data = Event.policySet(PolicySet(year: year("2026-27"), policy: Policy())).encode().data
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""perFocus":{"african-american":{"maximum":1,"minimum":1}"#))
        #expect(text.contains(#""stipendAmount":"2500.00""#))
        #expect(text.contains(#""year":"2026-27""#))
    }

    @Test func unknownTypeAndVersionAreClearErrors() {
        let data = Data("{}".utf8)
        #expect(thrown { () throws(EventDecodingError) in _ = try Event.decode(type: "StudentTeleported", schemaVersion: 1, data: data) }?.description
            == "unknown event type 'StudentTeleported' (schema version 1); upgrade mcledger to read it")
        #expect(thrown { () throws(EventDecodingError) in _ = try Event.decode(type: "StudentJoined", schemaVersion: 2, data: data) }?.description
            == "event type 'StudentJoined' has schema version 2, but this build reads version 1; upgrade mcledger or add an upcaster")
        let malformed = thrown { () throws(EventDecodingError) in
            _ = try Event.decode(type: "StudentJoined", schemaVersion: 1, data: Data(#"{"community":"C X","student":"s-1"}"#.utf8))
        }
        #expect(malformed?.type == "StudentJoined")
        if case .malformedPayload = malformed?.problem {} else { Issue.record("expected a malformed payload, got \(String(describing: malformed))") }
        let badMoney = thrown { () throws(EventDecodingError) in
            _ = try Event.decode(type: "StipendPaid", schemaVersion: 1, data: Data(#"{"amount":2500.5,"community":"c","payee":"f","reference":"r","year":"2026-27"}"#.utf8))
        }
        #expect(badMoney != nil)
    }
}
