/// A write is judged on the whole timeline it touches.
///
/// The area deciders check a command on its own date and build its events; this guard
/// then folds those events into the streams they join and compares the history before
/// and after on *every* date: a count above a maximum (COM-01..05, PRG-02), a student in
/// two communities (COM-06), periods that overlap or end before they begin, facts before
/// a registration or an establishment or after a retirement, a stipend step with nothing
/// live to apply to, or more live stipends than allowed (STP-01, STP-03). It refuses what
/// the write adds, not what was already there (a policy lowered below today's count is a
/// compliance finding, and other writes go on).
///
/// Corrections go through the same guard: voiding an event is judged on the history it
/// would leave. Every rule that refuses on a timeline is here, once.
enum TimelineGuard {
    static func check(_ command: Command, _ events: [PendingEvent], _ read: StreamStates, _ context: DecisionContext) throws(DomainError) {
        guard !events.isEmpty else { return }
        if isPlainJoin(command, events, read, context) { return }
        let before = if case .correctEvent = command { read } else { narrowed(read, to: events) }
        var after = before
        for (offset, pending) in events.enumerated() {
            after.evolve(EventEnvelope(
                event: pending.event, stream: pending.stream, position: Int64.max - Int64(events.count - offset),
                eventID: EventID("pending-\(offset)"), occurredOn: context.occurredOn, actor: context.actor, login: context.login, reason: context.reason
            ))
        }
        let isCorrection = if case .correctEvent = command { true } else { false }
        let judge = TimelineJudge(before: before, after: after, context: context, isCorrection: isCorrection)
        var seen: Set<StreamName> = []
        for stream in events.map(\.stream) where seen.insert(stream).inserted {
            switch stream {
            case .program: try judge.program()
            case .community(let id): try judge.community(id)
            case .person(let id): try judge.person(id)
            case .disclosures: break
            }
        }
    }
}

extension TimelineGuard {
    /// Whether the write is a join that no date can make break a rule, judged without
    /// folding: the common case, which an import of thousands of rows into one community
    /// meets for every row.
    ///
    /// It is: one membership starting on the command's date in a community established
    /// by then and never retired, after every period that person had in that role ended
    /// (none ends or starts later); at most the role's smallest maximum from that year on
    /// even if every period the role ever had were still running; and, for a student,
    /// after every seat they had elsewhere ended. Anything else goes through the judges.
    static func isPlainJoin(_ command: Command, _ events: [PendingEvent], _ states: StreamStates, _ context: DecisionContext) -> Bool {
        let role: MembershipRole
        let person: PersonID
        let id: CommunityID
        switch command {
        case .joinStudent(let join): (role, person, id) = (.student, join.student, join.community)
        case .joinResident(let join): (role, person, id) = (.resident, join.resident, join.community)
        case .assignStaff(let assign): (role, person, id) = (.staffLiaison, assign.staff, assign.community)
        case .assignMember(let assign): (role, person, id) = (.communityMember, assign.member, assign.community)
        case .appointLeader(let appoint): (role, person, id) = (.leader, appoint.leader, appoint.community)
        default: return false
        }
        let day = context.occurredOn
        guard events.allSatisfy({ $0.stream == .community(id) || ($0.stream == .person(person) && role == .student) }),
              let record = states.program.communities[id], record.retired == nil, record.established.occurredOn <= day
        else { return false }
        let community = states.community(id)
        guard community.tenures(of: Membership(role, person)).allSatisfy({ $0.since <= day && ($0.until.map { $0 <= day } ?? false) }),
              community.periodCount(role) + 1 <= states.program.smallestMaximum(role, from: day.academicYear)
        else { return false }
        guard role == .student else { return true }
        let seats = states.person(person)
        return seats.misplacedIn.isEmpty
            && seats.placements.allSatisfy { $0.placed.occurredOn <= day && ($0.until.map { $0 <= day } ?? false) }
    }

    /// The states the judges read: the program, the communities the events touch and the
    /// people in them or touched. An import decides thousands of rows against states
    /// holding every stream it read; folding a row's events into a copy of all of them
    /// would copy every community and person for every row.
    static func narrowed(_ states: StreamStates, to events: [PendingEvent]) -> StreamStates {
        var narrow = StreamStates()
        narrow.program = states.program
        var people: Set<PersonID> = []
        for pending in events {
            switch pending.stream {
            case .program:
                if case .communityRetired(let event) = pending.event {
                    narrow.communities[event.community] = states.communities[event.community]
                }
            case .community(let id):
                narrow.communities[id] = states.community(id)
            case .person(let id):
                people.insert(id)
            case .disclosures:
                break
            }
        }
        for community in narrow.communities.values {
            for tenure in community.tenures { people.insert(tenure.person) }
        }
        for id in people { narrow.people[id] = states.people[id] }
        return narrow
    }
}

/// The comparisons of ``TimelineGuard``, one function per kind of stream.
struct TimelineJudge {
    let before: StreamStates
    let after: StreamStates
    let context: DecisionContext
    let isCorrection: Bool

    /// PRG-02 over time, and each community's facts inside its life.
    func program() throws(DomainError) {
        let policyYears = Array(after.program.policies.keys)
        for focus in Focus.allCases {
            func periods(_ program: ProgramState) -> [(since: Day, until: Day?)] {
                program.communities.values.filter { $0.focus == focus }.map { (since: $0.established.occurredOn, until: $0.retired?.occurredOn) }
            }
            let ranges = Excess.ranges(of: periods(after.program), maximum: { after.program.policy(for: $0).bounds(for: focus).maximum }, policyYears: policyYears)
            guard let worse = Excess.worsened(periods(before.program), ranges) else { continue }
            if isCorrection {
                throw DomainError(.prg02, "voiding this would leave \(worse.count) active \(focus) communities \(worse.dates), above the maximum \(worse.maximum); retire one first")
            }
            let others = before.program.activeCommunities(on: worse.from).filter { $0.focus == focus }
            let listed = others.map(\.id.rawValue).joined(separator: ", ")
            let existing = others.count == 1 ? "is already 1 active \(focus) community" : "are already \(others.count) active \(focus) communities"
            let when = worse.from == context.occurredOn ? "" : " on \(worse.from)"
            throw DomainError(.prg02, "there \(existing) (\(listed))\(when), the maximum is \(worse.maximum); retire one first or set a policy for \(worse.from.academicYear)")
        }
        for (id, community) in after.communities {
            let problems = lifeProblems(id, community, after.program)
            let known = Set(lifeProblems(id, before.community(id), before.program).map(\.key))
            if let problem = problems.first(where: { !known.contains($0.key) }) {
                throw problem.error
            }
        }
    }

    /// Periods in order, facts inside the community's life, COM-01..05 over time, stipends.
    func community(_ id: CommunityID) throws(DomainError) {
        let old = before.community(id)
        let new = after.community(id)
        for (membership, misfit) in new.misfits.sorted(by: { $0.value.day < $1.value.day }) where old.misfits[membership]?.eventID != misfit.eventID {
            throw misorder(membership, misfit, id, new)
        }
        let known = Set(lifeProblems(id, old, before.program).map(\.key))
        if let problem = lifeProblems(id, new, after.program).first(where: { !known.contains($0.key) }) {
            throw problem.error
        }
        let registered = Set(registrationProblems(id, before).map(\.key))
        if let problem = registrationProblems(id, after).first(where: { !registered.contains($0.key) }) {
            throw problem.error
        }
        let policyYears = Array(after.program.policies.keys)
        for role in MembershipRole.allCases {
            func periods(_ states: StreamStates) -> [(since: Day, until: Day?)] {
                states.community(id).counted(role, people: states.people, program: states.program).map { (since: $0.since, until: $0.until) }
            }
            let ranges = Excess.ranges(of: periods(after), maximum: { role.bounds(in: after.program.policy(for: $0)).maximum }, policyYears: policyYears)
            guard let worse = Excess.worsened(periods(before), ranges) else { continue }
            throw tooMany(role, worse, id)
        }
        try stipends(id, old, new)
    }

    /// COM-06 over time, a seat's moves in order, facts inside the registration.
    func person(_ id: PersonID) throws(DomainError) {
        let old = before.person(id)
        let new = after.person(id)
        if let community = new.misplacedIn.subtracting(old.misplacedIn).sorted().first {
            throw DomainError(.com06, "\(id)'s seat in \(community) would end before it begins or begin twice; check the dates of their joins and leaves (`mcledger audit trail \(id)`)")
        }
        let overlapsBefore = Set(Self.overlaps(old).map { [$0.0.placed.eventID, $0.1.placed.eventID] })
        if let (first, second) = Self.overlaps(new).first(where: { !overlapsBefore.contains([$0.0.placed.eventID, $0.1.placed.eventID]) }) {
            throw seatConflict(id, first, second)
        }
        if old.registration != nil, new.registration == nil {
            if new.history.contains(where: { new.voided[$0.eventID] == nil && !$0.event.isCorrection }) {
                throw DomainError(.unknownPerson, "voiding this would leave the facts of \(id) (titles, training, seats) without a registration; correct those first")
            }
            // The correction read every community: nobody may stay a member unregistered.
            for (community, state) in after.communities.sorted(by: { $0.key < $1.key }) where state.tenures.contains(where: { $0.person == id }) {
                throw DomainError(.unknownPerson, "voiding this would leave \(id) a member of \(community) without a registration; end or correct that membership first")
            }
        }
        if let registered = new.registeredOn {
            let early = new.history.filter { new.voided[$0.eventID] == nil && !$0.event.isCorrection && $0.occurredOn < registered }
            let knownEarly = Set(old.history.filter { envelope in
                old.voided[envelope.eventID] == nil && old.registeredOn.map { envelope.occurredOn < $0 } == true
            }.map(\.eventID))
            if let fact = early.first(where: { !knownEarly.contains($0.eventID) }) {
                throw DomainError(.notApplicable, "\(id) is registered from \(registered); \(fact.event.typeName) dated \(fact.occurredOn) would come before it; check \(Field.date)")
            }
        }
    }
}

extension Event {
    var isCorrection: Bool {
        if case .eventCorrected = self { return true }
        return false
    }
}
