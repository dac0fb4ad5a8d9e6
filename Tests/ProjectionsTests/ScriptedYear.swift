import Mentoring
import Postgres

/// Academic year 2025-26 of a small program, scripted command by command, with the
/// positions the expected findings cite.
///
/// c-latinx meets every rule: one trained leader (f-okafor, 15.50 hours), a resident, a
/// liaison, six students all met in a February class meeting, a fall and a spring
/// gathering, and a stipend requested, approved and paid by three actors.
/// c-asian meets almost none: its leader f-lee is untrained, becomes an associate dean
/// in May, meets nobody, and its one gathering is voided after the year (2026-08-01).
/// A student s-7 joins c-latinx on 2025-09-01 and that join is voided on 2025-10-15.
struct ScriptedYear {
    var establishLatinx: Int64 = 0
    var establishAsian: Int64 = 0
    var appointOkafor: Int64 = 0
    var appointLee: Int64 = 0
    var retitleLee: Int64 = 0
    var asianGathering: Int64 = 0
    var asianGatheringCorrection: Int64 = 0
    var lateHours: Int64 = 0
    var s7Join: Int64 = 0
    var s7Correction: Int64 = 0
    var latinxStipend: (requested: Int64, approved: Int64, paid: Int64) = (0, 0, 0)
    var asianStipend: (requested: Int64, approved: Int64) = (0, 0)

    static func write(_ connection: Connection) throws -> ScriptedYear {
        let script = Script(connection)
        var year = ScriptedYear()
        let y = AcademicYear(startYear: 2025)
        year.establishLatinx = try script.run(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)), on: "2025-07-01")[0].position
        year.establishAsian = try script.run(.establishCommunity(EstablishCommunity(community: cid("c-asian"), name: "Asian", focus: .asian)), on: "2025-07-01")[0].position
        let okafor = try script.run(.registerPerson(RegisterPerson(person: pid("f-okafor"), name: "Ada Okafor", role: .faculty, residencyCompleted: 2010)), on: "2025-07-01")[0]
        try script.name("f-okafor", "Ada Okafor", position: okafor.position)
        try script.run(.registerPerson(RegisterPerson(person: pid("f-lee"), name: "Min Lee", role: .faculty, residencyCompleted: 2012)), on: "2025-07-01")
        try script.run(.registerPerson(RegisterPerson(person: pid("r-diaz"), name: "Rosa Diaz", role: .resident)), on: "2025-07-01")
        try script.run(.registerPerson(RegisterPerson(person: pid("st-kim"), name: "Jo Kim", role: .staff)), on: "2025-07-01")
        for n in 1...7 {
            try script.run(.registerPerson(RegisterPerson(person: pid("s-\(n)"), name: "Student \(n)", role: .student, classOf: 2029)), on: "2025-07-01")
        }
        year.appointOkafor = try script.run(.appointLeader(AppointLeader(leader: pid("f-okafor"), community: cid("c-latinx"))), on: "2025-07-02")[0].position
        year.appointLee = try script.run(.appointLeader(AppointLeader(leader: pid("f-lee"), community: cid("c-asian"))), on: "2025-07-02")[0].position
        try script.run(.completeTraining(CompleteTraining(faculty: pid("f-okafor"), hours: hours("1.5"))), on: "2025-07-10")
        try script.run(.joinResident(JoinResident(resident: pid("r-diaz"), community: cid("c-latinx"))), on: "2025-07-15")
        try script.run(.assignStaff(AssignStaff(staff: pid("st-kim"), community: cid("c-latinx"))), on: "2025-07-15")
        for n in 1...6 {
            try script.run(.joinStudent(JoinStudent(student: pid("s-\(n)"), community: cid("c-latinx"))), on: "2025-08-01")
        }
        let join = try script.run(.joinStudent(JoinStudent(student: pid("s-7"), community: cid("c-latinx"))), on: "2025-09-01")[0]
        year.s7Join = join.position
        year.asianGathering = try script.run(.recordGathering(RecordGathering(community: cid("c-asian"), kind: .social, hours: hours("2"), facilitator: pid("f-lee"), attendees: [])), on: "2025-10-10")[0].position
        try script.run(.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .journalClub, hours: hours("3"), facilitator: pid("f-okafor"), attendees: [pid("s-1")])), on: "2025-10-05")
        year.s7Correction = try script.run(.correctEvent(CorrectEvent(eventID: join.eventID, stream: .community(cid("c-latinx")))), on: "2025-10-15", reason: "joined the wrong community")[0].position
        let students = (1...6).map { pid("s-\($0)") }
        try script.run(.recordMeeting(RecordMeeting(community: cid("c-latinx"), leader: pid("f-okafor"), mode: .class, students: students, hours: hours("6"))), on: "2026-02-10")
        try script.run(.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .social, hours: hours("3"), facilitator: pid("f-okafor"), attendees: [])), on: "2026-04-12")
        try script.run(.logHours(LogHours(leader: pid("f-okafor"), community: cid("c-latinx"), hours: hours("2"), activity: "office hours")), on: "2026-05-01")
        year.latinxStipend.requested = try script.run(.requestStipend(RequestStipend(community: cid("c-latinx"), year: y, payee: pid("f-okafor"), amount: Cents(250_000))), on: "2026-05-10", by: "clerk-a")[0].position
        year.latinxStipend.approved = try script.run(.approveStipend(ApproveStipend(community: cid("c-latinx"), year: y)), on: "2026-05-12", by: "dean-b")[0].position
        year.latinxStipend.paid = try script.run(.payStipend(PayStipend(community: cid("c-latinx"), year: y, reference: "PO-1")), on: "2026-05-20", by: "finance-c")[0].position
        year.asianStipend.requested = try script.run(.requestStipend(RequestStipend(community: cid("c-asian"), year: y, payee: pid("f-lee"), amount: Cents(250_000))), on: "2026-05-10", by: "clerk-a")[0].position
        year.asianStipend.approved = try script.run(.approveStipend(ApproveStipend(community: cid("c-asian"), year: y, waiver: "first year as leader")), on: "2026-05-12", by: "dean-b")[0].position
        year.retitleLee = try script.run(.retitlePerson(RetitlePerson(person: pid("f-lee"), title: .associateDean)), on: "2026-05-15")[0].position
        try script.run(.closeYear(CloseYear(year: y)), on: "2026-07-05")
        year.lateHours = try script.run(.logHours(LogHours(leader: pid("f-lee"), community: cid("c-asian"), hours: hours("1"), activity: "late report")), on: "2026-06-01", reason: "reported after the close")[0].position
        let gathering = script.log.first { $0.position == year.asianGathering }!
        year.asianGatheringCorrection = try script.run(.correctEvent(CorrectEvent(eventID: gathering.eventID, stream: .community(cid("c-asian")))), on: "2026-08-01", reason: "recorded in the wrong community")[0].position
        return year
    }
}
