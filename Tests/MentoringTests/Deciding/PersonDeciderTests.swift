import Foundation
import Mentoring
import Testing

@Suite struct PersonDeciderTests {
    @Test func registrationKeepsNamesOutOfTheEvent() throws {
        var ledger = Ledger()
        let events = try ledger.run(.registerPerson(RegisterPerson(person: pid("f-okafor"), name: "Ada Okafor", role: .faculty, residencyCompleted: 2012)))
        #expect(events.map(\.event) == [.personRegistered(PersonRegistered(person: pid("f-okafor"), role: .faculty, residencyCompleted: 2012, title: FacultyTitle.none))])
        // The payload's JSON (as EventCodec stores it) holds no name either.
        guard case .personRegistered(let registered) = events[0].event else { Issue.record("not a registration"); return }
        #expect(!String(decoding: try JSONEncoder().encode(registered), as: UTF8.self).contains("Ada"))
        #expect(ledger.refusal(.registerPerson(RegisterPerson(person: pid("f-okafor"), name: "Ada", role: .faculty)))?.code == .alreadyDone)
    }

    @Test func roleSpecificFieldsAreChecked() {
        var ledger = Ledger()
        #expect(ledger.refusal(.registerPerson(RegisterPerson(person: pid("s-1"), name: "S", role: .student, title: .seniorDean)))?.description
            == "invalid-input: the title and the residency year are for faculty; s-1 is registered as student")
        #expect(ledger.refusal(.registerPerson(RegisterPerson(person: pid("f-1"), name: "F", role: .faculty, classOf: 2029)))?.code == .invalidInput)
        #expect(ledger.refusal(.registerPerson(RegisterPerson(person: pid("f-1"), name: " ", role: .faculty)))?.description
            == "invalid-input: name is empty; give a value")
    }

    @Test func trainingIsForFacultyOnly() {
        var ledger = Ledger.program()
        #expect(ledger.refusal(.completeTraining(CompleteTraining(faculty: pid("s-1"), hours: hours("1.5"))))?.description
            == "wrong-role: s-1 is registered as student; only a faculty can complete leadership training")
        #expect(ledger.refusal(.completeTraining(CompleteTraining(faculty: pid("f-1"), hours: hours("1.5")))) == nil)
        #expect(ledger.all.person(pid("f-1")).training(by: day("2026-09-01"))?.payload.hours == hours("1.5"))
    }

    @Test func retitleChangesTheTitleFromItsDay() {
        var ledger = Ledger.program()
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .clerkshipDirector)), on: "2026-11-02")
        let person = ledger.all.person(pid("f-1"))
        #expect(person.title == .clerkshipDirector)
        #expect(person.title(on: day("2026-11-01")) == FacultyTitle.none)
        #expect(ledger.refusal(.retitlePerson(RetitlePerson(person: pid("f-1"), title: .clerkshipDirector)), on: "2026-11-03")?.code == .alreadyDone)
    }
}
