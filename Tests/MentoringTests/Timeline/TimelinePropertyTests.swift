import Mentoring
import Testing

/// Random histories against a plain reference.
///
/// Each run plays a seeded random sequence of dated commands — joins and leaves of
/// students and residents, appointments and step-downs, liaisons assigned and relieved,
/// policies set lower or higher, retirements, corrections of earlier moves — dated at
/// random over two academic years, so that most are recorded late, back-dated or ahead.
/// For every command, the decider's accept or refuse must equal what a reference says,
/// one written plainly and day by day: fold the history the command would leave, and
/// look at every day of the two years. After each accepted command, no student is in two
/// communities on any day, and every day on which a count is above its maximum (only a
/// policy lowered afterwards can do that) is reported by compliance.
@Suite struct TimelinePropertyTests {
    static let sequences = 1_000
    static let communities = [cid("c-a"), cid("c-b"), cid("c-l")]
    static let students = (1...8).map { pid("s-\($0)") }
    static let faculty = (1...4).map { pid("f-\($0)") }
    static let residents = (1...3).map { pid("r-\($0)") }
    static let staff = (1...3).map { pid("st-\($0)") }
    static let first = day("2026-07-01")
    /// The calendar of the random histories: the 1st and the 15th of each month of two
    /// academic years. Every write is dated on one of them and a policy or a graduation
    /// takes effect on a July 1, so no count changes between two of these days: looking
    /// at each of them is looking at every day, at a thirtieth of the cost.
    static let days: [Day] = (0..<24).flatMap { month in
        [1, 15].map { try! Day(year: 2026 + (month + 6) / 12, month: (month + 6) % 12 + 1, day: $0) }
    }

    @Test func deciderAgreesWithADayByDayReference() {
        for seed in 0..<UInt64(Self.sequences) {
            var random = SplitMix64(seed: seed &* 7919 &+ 17)
            var ledger = Self.start(&random)
            for step in 0..<24 {
                let (command, date) = Self.randomCommand(ledger, &random)
                let reference = Reference(log: ledger.log)
                let expected = reference.accepts(command, on: date)
                let refusal = ledger.refusal(command, on: date.description, reason: "r")
                guard (refusal == nil) == expected.accepted else {
                    Issue.record("seed \(seed) step \(step): \(command) on \(date): decider \(refusal.map { "refused (\($0))" } ?? "accepted"), reference \(expected.accepted ? "accepts" : "refuses: \(expected.why)")")
                    return
                }
                if refusal == nil, let broken = Reference(log: ledger.log).seatConflict() {
                    Issue.record("seed \(seed) step \(step): after \(command) on \(date): \(broken)")
                    return
                }
            }
            Self.expectCompliance(reportsEveryDayAboveAMaximumIn: ledger, seed: seed)
        }
    }

    /// Three communities, people registered on July 1, 2026; a small policy (3 students,
    /// 2 leaders, 2 residents, 1 liaison) so that random commands reach the maximums.
    static func start(_ random: inout SplitMix64) -> Ledger {
        var ledger = Ledger()
        let on = first.description
        for (index, id) in communities.enumerated() {
            ledger.given(.establishCommunity(EstablishCommunity(community: id, name: "C", focus: index == 2 ? .latinx : .general)), on: on)
        }
        for id in students {
            ledger.given(.registerPerson(RegisterPerson(person: id, name: "S", role: .student, classOf: Bool.random(using: &random) ? 2027 : 2029)), on: on)
        }
        for id in faculty { ledger.given(.registerPerson(RegisterPerson(person: id, name: "F", role: .faculty, residencyCompleted: 2000)), on: on) }
        for id in residents { ledger.given(.registerPerson(RegisterPerson(person: id, name: "R", role: .resident)), on: on) }
        for id in staff { ledger.given(.registerPerson(RegisterPerson(person: id, name: "T", role: .staff)), on: on) }
        var policy = Policy()
        policy.students = CountRange(0, 3)
        policy.leaders = CountRange(0, 2)
        policy.residents = CountRange(0, 2)
        ledger.given(.setPolicy(SetPolicy(year: year("2026-27"), policy: policy)), on: on)
        return ledger
    }

    static func randomCommand(_ ledger: Ledger, _ random: inout SplitMix64) -> (Command, Day) {
        let date = days.randomElement(using: &random)!
        let community = communities.randomElement(using: &random)!
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<22:
            return (.joinStudent(JoinStudent(student: students.randomElement(using: &random)!, community: community)), date)
        case 22..<36:
            return (.leaveStudent(LeaveStudent(student: students.randomElement(using: &random)!, community: community)), date)
        case 36..<44:
            return (.appointLeader(AppointLeader(leader: faculty.randomElement(using: &random)!, community: community)), date)
        case 44..<50:
            return (.stepDownLeader(StepDownLeader(leader: faculty.randomElement(using: &random)!, community: community)), date)
        case 50..<56:
            return (.joinResident(JoinResident(resident: residents.randomElement(using: &random)!, community: community)), date)
        case 56..<60:
            return (.leaveResident(LeaveResident(resident: residents.randomElement(using: &random)!, community: community)), date)
        case 60..<66:
            return (.assignStaff(AssignStaff(staff: staff.randomElement(using: &random)!, community: community)), date)
        case 66..<70:
            return (.unassignStaff(UnassignStaff(staff: staff.randomElement(using: &random)!, community: community)), date)
        case 70..<74:
            var policy = Policy()
            policy.students = CountRange(0, Int.random(in: 1...4, using: &random))
            policy.leaders = CountRange(0, Int.random(in: 1...3, using: &random))
            policy.residents = CountRange(0, 2)
            return (.setPolicy(SetPolicy(year: year("2027-28"), policy: policy)), date)
        case 74..<77:
            return (.retireCommunity(RetireCommunity(community: community)), date)
        default:
            let moves = ledger.log.filter { $0.event.isMove || $0.event.isCorrectionEvent }
            guard let target = moves.randomElement(using: &random) else {
                return (.joinStudent(JoinStudent(student: students[0], community: community)), date)
            }
            return (.correctEvent(CorrectEvent(eventID: target.eventID, stream: target.stream)), date)
        }
    }

    /// Every day of a count above its maximum has a finding of that rule, a violation.
    static func expectCompliance(reportsEveryDayAboveAMaximumIn ledger: Ledger, seed: UInt64) {
        let reference = Reference(log: ledger.log)
        for community in communities {
            for year in [year("2026-27"), year("2027-28")] {
                let findings = Compliance.evaluateCommunity(community, year: year, asOf: day("2028-07-01"), states: ledger.all)
                for role in [MembershipRole.student, .leader, .resident, .staffLiaison] {
                    let maximum = role.bounds(in: ledger.all.program.policy(for: year)).maximum
                    let over = days.filter { year.contains($0) && reference.count(role, community, on: $0) > maximum }
                    guard let first = over.first else { continue }
                    let reported = findings.contains { $0.rule == role.countRule && $0.severity == .violation && $0.message.contains("more than the maximum") }
                    #expect(reported, "seed \(seed): \(community) has \(reference.count(role, community, on: first)) \(role)s on \(first), above \(maximum), and compliance for \(year) says nothing")
                }
            }
        }
    }
}

/// The rules of the timeline written plainly: the history as a list of live facts, and
/// every day looked at one by one. It shares no code with the deciders.
struct Reference {
    struct Move {
        var community: CommunityID
        var role: MembershipRole
        var person: PersonID
        var start: Bool
        var day: Day
        var position: Int64
    }

    let log: [EventEnvelope]
    let voided: Set<EventID>
    /// Membership periods, worked out once from the log.
    let periods: [(community: CommunityID, role: MembershipRole, person: PersonID, since: Day, until: Day?)]
    /// The policy set for each year (the latest recorded for it wins).
    let policies: [AcademicYear: Policy]
    /// Each student's last day as a member.
    let graduations: [PersonID: Day]

    init(log: [EventEnvelope]) {
        self.log = log
        let voided = Set(log.compactMap { if case .eventCorrected(let c) = $0.event { return c.voids } else { return nil } })
        self.voided = voided
        var policies: [AcademicYear: Policy] = [:]
        for envelope in log where !voided.contains(envelope.eventID) {
            if case .policySet(let set) = envelope.event { policies[set.year] = set.policy }
        }
        self.policies = policies
        var graduations: [PersonID: Day] = [:]
        for envelope in log {
            if case .personRegistered(let registered) = envelope.event, let classOf = registered.classOf {
                graduations[registered.person] = try! Day(year: classOf, month: 6, day: 30)
            }
        }
        self.graduations = graduations
        periods = Self.periods(log, voided)
    }

    /// Whether the command is allowed, and if not why (for the failure message).
    func accepts(_ command: Command, on date: Day) -> (accepted: Bool, why: String) {
        var extra: [(event: Event, stream: StreamName)] = []
        switch command {
        case .joinStudent(let c):
            guard isActive(c.community, on: date) else { return (false, "community not active") }
            if let graduation = graduation(c.student), date > graduation { return (false, "graduated") }
            extra = [(.studentJoined(StudentJoined(community: c.community, student: c.student)), .community(c.community))]
        case .leaveStudent(let c):
            extra = [(.studentLeft(StudentLeft(community: c.community, student: c.student)), .community(c.community))]
        case .appointLeader(let c):
            guard isActive(c.community, on: date) else { return (false, "community not active") }
            extra = [(.leaderAppointed(LeaderAppointed(community: c.community, leader: c.leader)), .community(c.community))]
        case .stepDownLeader(let c):
            extra = [(.leaderSteppedDown(LeaderSteppedDown(community: c.community, leader: c.leader)), .community(c.community))]
        case .joinResident(let c):
            guard isActive(c.community, on: date) else { return (false, "community not active") }
            extra = [(.residentJoined(ResidentJoined(community: c.community, resident: c.resident)), .community(c.community))]
        case .leaveResident(let c):
            extra = [(.residentLeft(ResidentLeft(community: c.community, resident: c.resident)), .community(c.community))]
        case .assignStaff(let c):
            guard isActive(c.community, on: date) else { return (false, "community not active") }
            extra = [(.staffLiaisonAssigned(StaffLiaisonAssigned(community: c.community, staff: c.staff)), .community(c.community))]
        case .unassignStaff(let c):
            extra = [(.staffLiaisonUnassigned(StaffLiaisonUnassigned(community: c.community, staff: c.staff)), .community(c.community))]
        case .setPolicy:
            return (true, "")
        case .retireCommunity(let c):
            guard isActive(c.community, on: date), retired(c.community) == nil else { return (false, "not active, or retired already") }
            let periods = self.periods.filter { $0.community == c.community }
            if periods.contains(where: { $0.since >= date || ($0.until.map { $0 > date } ?? false) }) { return (false, "a membership past the retirement") }
            extra = [(.communityRetired(CommunityRetired(community: c.community, reason: "r")), .program)]
            for period in periods where period.until == nil {
                extra.append((Self.leaveEvent(period.role, period.person, c.community), .community(c.community)))
            }
        case .correctEvent(let c):
            guard let target = log.first(where: { $0.eventID == c.eventID }) else { return (false, "no target") }
            if case .eventCorrected = target.event { return (false, "a correction stays") }
            if voided.contains(target.eventID) { return (false, "voided already") }
            if let move = Self.move(target), move.role == .student {
                let later = log.filter { !voided.contains($0.eventID) && Self.move($0).map { $0.role == .student && $0.person == move.person && $0.community == move.community } == true }
                if later.last?.eventID != target.eventID { return (false, "not the student's latest move") }
            }
            extra = [(.eventCorrected(EventCorrected(voids: target.eventID, voidedType: target.event.typeName, reason: "r")), target.stream)]
        default:
            return (false, "not generated")
        }
        let after = Reference(log: log + extra.enumerated().map { offset, fact in
            EventEnvelope(event: fact.event, stream: fact.stream, position: Int64(log.count + 1 + offset), eventID: EventID("ref-\(offset)"), occurredOn: date, actor: Actor("admin"))
        })
        if let broken = after.misorder() { return (false, broken) }
        if let broken = after.seatConflict() { return (false, broken) }
        if let broken = after.outsideLife() { return (false, broken) }
        for community in TimelinePropertyTests.communities {
            for role in MembershipRole.allCases where after.periods.contains(where: { $0.community == community && $0.role == role }) {
                for day in TimelinePropertyTests.days {
                    let count = after.count(role, community, on: day)
                    guard count > after.maximum(role, on: day) else { continue }
                    if count > self.count(role, community, on: day) { return (false, "\(count) \(role)s in \(community) on \(day)") }
                }
            }
        }
        return (true, "")
    }

    var moves: [Move] { Self.moves(log, voided) }

    static func moves(_ log: [EventEnvelope], _ voided: Set<EventID>) -> [Move] {
        log.filter { !voided.contains($0.eventID) }.compactMap { envelope in
            guard var move = move(envelope) else { return nil }
            move.day = envelope.occurredOn
            move.position = envelope.position
            return move
        }
    }

    /// Periods `[since, until)` from each membership's moves sorted by date.
    static func periods(_ log: [EventEnvelope], _ voided: Set<EventID>) -> [(community: CommunityID, role: MembershipRole, person: PersonID, since: Day, until: Day?)] {
        var result: [(community: CommunityID, role: MembershipRole, person: PersonID, since: Day, until: Day?)] = []
        let grouped = Dictionary(grouping: moves(log, voided)) { "\($0.community) \($0.role) \($0.person)" }
        for (_, list) in grouped {
            var open: Move?
            for move in list.sorted(by: { ($0.day, $0.position) < ($1.day, $1.position) }) {
                if move.start { if open == nil { open = move } } else if let started = open {
                    result.append((started.community, started.role, started.person, started.day, move.day))
                    open = nil
                }
            }
            if let open { result.append((open.community, open.role, open.person, open.day, nil)) }
        }
        return result
    }

    func misorder() -> String? {
        let grouped = Dictionary(grouping: moves) { "\($0.community) \($0.role) \($0.person)" }
        for (key, list) in grouped {
            var open = false
            for move in list.sorted(by: { ($0.day, $0.position) < ($1.day, $1.position) }) {
                if move.start == open { return "moves of \(key) out of order on \(move.day)" }
                open.toggle()
            }
        }
        return nil
    }

    /// Whether `person` is a member in `role` on `day`, graduation counted.
    func count(_ role: MembershipRole, _ community: CommunityID, on day: Day) -> Int {
        periods.filter { period in
            guard period.community == community, period.role == role, period.since <= day, period.until.map({ day < $0 }) ?? true else { return false }
            if role == .student, let graduation = graduation(period.person), day > graduation { return false }
            return true
        }.count
    }

    func seatConflict() -> String? {
        let seats = periods.filter { $0.role == .student }
        for day in TimelinePropertyTests.days {
            for student in TimelinePropertyTests.students {
                let holding = seats.filter { $0.person == student && $0.since <= day && ($0.until.map { day < $0 } ?? true) }
                if Set(holding.map(\.community)).count > 1 || holding.count > 1 { return "\(student) in \(holding.map(\.community.rawValue)) on \(day)" }
            }
        }
        return nil
    }

    func outsideLife() -> String? {
        for period in periods {
            if let graduation = graduation(period.person), period.role == .student, period.since > graduation { return "\(period.person) joins after graduation" }
            guard let retired = retired(period.community) else { continue }
            if period.since >= retired || (period.until.map { $0 > retired } ?? true) { return "\(period.person) in \(period.community) past its retirement" }
        }
        return nil
    }

    func maximum(_ role: MembershipRole, on day: Day) -> Int {
        let year = policies.keys.filter { $0 <= day.academicYear }.max()
        return role.bounds(in: year.flatMap { policies[$0] } ?? Policy()).maximum
    }

    func graduation(_ student: PersonID) -> Day? { graduations[student] }

    func retired(_ community: CommunityID) -> Day? {
        log.last { envelope in
            if case .communityRetired(let retired) = envelope.event { return retired.community == community && !voided.contains(envelope.eventID) }
            return false
        }?.occurredOn
    }

    func isActive(_ community: CommunityID, on day: Day) -> Bool {
        day >= TimelinePropertyTests.first && (retired(community).map { day < $0 } ?? true)
    }

    static func move(_ envelope: EventEnvelope) -> Move? {
        let zero = Day.distantFuture
        switch envelope.event {
        case .studentJoined(let e): return Move(community: e.community, role: .student, person: e.student, start: true, day: zero, position: 0)
        case .studentLeft(let e): return Move(community: e.community, role: .student, person: e.student, start: false, day: zero, position: 0)
        case .leaderAppointed(let e): return Move(community: e.community, role: .leader, person: e.leader, start: true, day: zero, position: 0)
        case .leaderSteppedDown(let e): return Move(community: e.community, role: .leader, person: e.leader, start: false, day: zero, position: 0)
        case .residentJoined(let e): return Move(community: e.community, role: .resident, person: e.resident, start: true, day: zero, position: 0)
        case .residentLeft(let e): return Move(community: e.community, role: .resident, person: e.resident, start: false, day: zero, position: 0)
        case .staffLiaisonAssigned(let e): return Move(community: e.community, role: .staffLiaison, person: e.staff, start: true, day: zero, position: 0)
        case .staffLiaisonUnassigned(let e): return Move(community: e.community, role: .staffLiaison, person: e.staff, start: false, day: zero, position: 0)
        default: return nil
        }
    }

    static func leaveEvent(_ role: MembershipRole, _ person: PersonID, _ community: CommunityID) -> Event {
        switch role {
        case .student: .studentLeft(StudentLeft(community: community, student: person))
        case .leader: .leaderSteppedDown(LeaderSteppedDown(community: community, leader: person))
        case .resident: .residentLeft(ResidentLeft(community: community, resident: person))
        case .staffLiaison: .staffLiaisonUnassigned(StaffLiaisonUnassigned(community: community, staff: person))
        case .communityMember: .communityMemberRemoved(CommunityMemberRemoved(community: community, member: person))
        }
    }
}

extension Event {
    var isMove: Bool { Reference.move(EventEnvelope(event: self, stream: .program, position: 0, eventID: EventID("x"), occurredOn: Day.distantFuture, actor: Actor("x"))) != nil }
    var isCorrectionEvent: Bool { if case .eventCorrected = self { true } else { false } }
}
