/// A rule broken somewhere on a timeline, with a key that stays the same while the same
/// fact breaks it: what a write adds is what the history after has and before had not.
struct TimelineProblem {
    var key: String
    var error: DomainError
}

extension TimelineJudge {
    /// Facts outside the community's life: before its establishment, on or after its
    /// retirement, or in a community that was never established.
    func lifeProblems(_ id: CommunityID, _ community: CommunityState, _ program: ProgramState) -> [TimelineProblem] {
        let activities = community.history.filter { community.voided[$0.eventID] == nil && $0.event.isCommunityActivity }
        guard let record = program.communities[id] else {
            guard !activities.isEmpty else { return [] }
            return [TimelineProblem(key: "unestablished", error: DomainError(.notApplicable,
                "voiding this would leave \(community.tenures.count) membership\(community.tenures.count == 1 ? "" : "s") and the activities of \(id) in a community that was never established; correct those first"))]
        }
        var problems: [TimelineProblem] = []
        let established = record.established.occurredOn
        for envelope in activities where envelope.occurredOn < established {
            problems.append(TimelineProblem(key: "early:\(envelope.eventID)", error: DomainError(.unknownCommunity,
                isCorrection
                    ? "voiding this would leave \(envelope.event.typeName) of \(envelope.occurredOn) before \(id) was established on \(established); correct that first"
                    : "\(id) is established from \(established); \(envelope.event.typeName) dated \(envelope.occurredOn) would come before it; check \(Field.date)")))
        }
        guard let retired = record.retired?.occurredOn else { return problems }
        for tenure in community.tenures where tenure.since >= retired || (tenure.until.map { $0 > retired } ?? true) {
            let ends = tenure.until.map { "until \($0)" } ?? "with no end"
            problems.append(TimelineProblem(key: "retired:\(tenure.startEventID)", error: DomainError(.unknownCommunity,
                isCorrection
                    ? "voiding this would leave \(tenure.person) a \(tenure.role) of \(id) after its retirement on \(retired); correct that first"
                    : "\(tenure.person) is a \(tenure.role) of \(id) from \(tenure.since) \(ends), past the retirement on \(retired); correct that membership first, or date the retirement later")))
        }
        for envelope in activities where envelope.occurredOn > retired || (envelope.occurredOn == retired && envelope.event.startsActivity) {
            problems.append(TimelineProblem(key: "late:\(envelope.eventID)", error: DomainError(.unknownCommunity,
                isCorrection
                    ? "voiding this would leave \(envelope.event.typeName) of \(envelope.occurredOn) after \(id) was retired on \(retired); correct that first"
                    : "\(id) was retired on \(retired); \(envelope.event.typeName) dated \(envelope.occurredOn) would come after it; correct it first, or date the retirement later")))
        }
        return problems
    }

    /// Memberships of people who are not registered then, or students after graduation.
    func registrationProblems(_ id: CommunityID, _ states: StreamStates) -> [TimelineProblem] {
        var problems: [TimelineProblem] = []
        for tenure in states.community(id).tenures {
            guard let person = states.people[tenure.person] else { continue }
            guard let registered = person.registeredOn else {
                problems.append(TimelineProblem(key: "unregistered:\(tenure.startEventID)", error: DomainError(.unknownPerson,
                    "voiding this would leave \(tenure.person) a \(tenure.role) of \(id) without a registration; end or correct that membership first")))
                continue
            }
            if tenure.since < registered {
                problems.append(TimelineProblem(key: "early:\(tenure.startEventID)", error: DomainError(.unknownPerson,
                    "\(tenure.person) is registered from \(registered); a membership of \(id) from \(tenure.since) would start before it; check \(Field.date)")))
            }
            if tenure.role == .student, let graduation = states.program.graduation(of: person), tenure.since > graduation {
                problems.append(TimelineProblem(key: "graduated:\(tenure.startEventID)", error: DomainError(.com03,
                    "\(tenure.person) graduated on \(graduation); a student joins no community after graduation")))
            }
        }
        return problems
    }

    /// The refusal of periods that would overlap or end before they begin.
    func misorder(_ membership: Membership, _ misfit: MembershipMove, _ id: CommunityID, _ community: CommunityState) -> DomainError {
        let rule: RuleID = membership.role == .student ? .com06 : membership.role.countRule
        if isCorrection {
            return DomainError(rule, "voiding this would leave \(membership.person)'s periods as \(membership.role) of \(id) out of order on \(misfit.day) (two starts, or an end with none open); correct the later event first")
        }
        if misfit.isStart {
            let open = community.tenures(of: membership).first { $0.startEventID != misfit.eventID && $0.since <= misfit.day && ($0.until.map { misfit.day < $0 } ?? true) }
            let other = open.map { " (from \($0.since)\($0.until.map { " until \($0)" } ?? ""))" } ?? ""
            return DomainError(rule, "\(membership.person) would be a \(membership.role) of \(id) twice on \(misfit.day)\(other); periods of one person may not overlap: record the leave first, or correct the other join")
        }
        return DomainError(rule, "\(membership.person) is not a \(membership.role) of \(id) on \(misfit.day) with no other end recorded; a leave cannot be dated before its join or after another leave")
    }

    /// The refusal of a count above the maximum (COM-01..05).
    func tooMany(_ role: MembershipRole, _ worse: Excess, _ id: CommunityID) -> DomainError {
        let remedy = switch role {
        case .leader: "have one step down first"
        case .staffLiaison: "unassign them first"
        case .resident, .student, .communityMember: "remove one first"
        }
        if isCorrection {
            let when = worse.from > context.occurredOn ? " \(worse.dates)" : ""
            return DomainError(role.countRule, "voiding this would leave \(id) with \(role.counted(worse.count))\(when), above the maximum \(worse.maximum); remove one first")
        }
        let present = before.community(id).members(role, on: worse.from, people: before.people, program: before.program)
        guard worse.from == context.occurredOn else {
            return DomainError(role.countRule, "\(id) would have \(role.counted(worse.count)) \(worse.dates), above the maximum \(worse.maximum) (memberships recorded ahead count on their dates); \(remedy)")
        }
        let who = role == .staffLiaison || role == .communityMember ? ": \(present.map(\.person.rawValue).joined(separator: ", "))" : ""
        let limit = present.count == worse.maximum ? "the maximum" : "the maximum is \(worse.maximum)"
        return DomainError(role.countRule, "\(id) already has \(role.counted(present.count)) (\(limit)\(who)); \(remedy)")
    }

    /// A student's seats that share a day, in pairs (COM-06).
    static func overlaps(_ person: PersonState) -> [(PersonState.Placement, PersonState.Placement)] {
        var pairs: [(PersonState.Placement, PersonState.Placement)] = []
        let seats = person.placements
        for (index, first) in seats.enumerated() {
            for second in seats[(index + 1)...] where first.overlaps(second) {
                pairs.append((first, second))
            }
        }
        return pairs
    }

    /// The refusal of two seats at once (COM-06).
    func seatConflict(_ id: PersonID, _ first: PersonState.Placement, _ second: PersonState.Placement) -> DomainError {
        if isCorrection {
            return DomainError(.com06, "voiding this would make \(id) a student of \(first.community.rawValue) and \(second.community.rawValue); a student belongs to one community at a time; have them leave one first")
        }
        let other = first.placed.position > second.placed.position ? second : first
        let period = other.isSeated(on: context.occurredOn) ? "" : " from \(other.placed.occurredOn)\(other.until.map { " until \($0)" } ?? "")"
        return DomainError(.com06, "\(id) is a student of \(other.community)\(period); a student belongs to one community at a time; leave \(other.community) first")
    }

    /// STP-01 and STP-03 on the stipends' history: each step applies to a live stipend,
    /// no more live stipends or payments than allowed, and every live approval or
    /// payment rests on a leadership of that year.
    func stipends(_ id: CommunityID, _ old: CommunityState, _ new: CommunityState) throws(DomainError) {
        let stray = Set(old.strayStipendSteps.map(\.eventID))
        if let step = new.strayStipendSteps.first(where: { !stray.contains($0.eventID) }) {
            let needs = if case .stipendPaid = step.event { "a live approval" } else if case .stipendApproved = step.event { "a live request" } else { "a live stipend" }
            throw DomainError(.stp01, isCorrection
                ? "voiding this would leave \(step.event.typeName) of \(step.occurredOn) without \(needs) for it; reverse the stipend first (`mcledger stipend reverse`), then correct"
                : "\(step.event.typeName) would have no \(needs) to apply to")
        }
        let years = Set(new.stipends.map(\.year)).sorted()
        for year in years {
            let policy = after.program.policy(for: year)
            let active = new.activeStipends(for: year)
            if active.count > policy.stipendsPerCommunityYear, active.count > old.activeStipends(for: year).count {
                if isCorrection {
                    throw DomainError(.stp01, "voiding this would leave \(id) with \(active.count) stipends for \(year) that are not reversed; at most \(policy.stipendsPerCommunityYear) per community per academic year; reverse one first")
                }
                let existing = old.activeStipends(for: year)[0]
                throw DomainError(.stp01, "\(id) already has a stipend for \(year) (\(existing.status) for \(existing.payee)); at most \(policy.stipendsPerCommunityYear) per community per academic year; reverse it first if it is wrong")
            }
            let paid = active.filter { $0.paid != nil }
            if paid.count > policy.stipendsPerCommunityYear, paid.count > old.activeStipends(for: year).filter({ $0.paid != nil }).count {
                throw DomainError(.stp01, "this would leave \(id) with \(paid.count) live payments for \(year); at most \(policy.stipendsPerCommunityYear); reverse one first")
            }
            for stipend in active where stipend.approved != nil || stipend.paid != nil {
                let led = new.members(.leader, during: year, through: year.lastDay).contains { $0.person == stipend.payee }
                let ledBefore = old.members(.leader, during: year, through: year.lastDay).contains { $0.person == stipend.payee }
                if !led, ledBefore {
                    throw DomainError(.stp03, "voiding this would leave the \(stipend.status) stipend of \(stipend.payee) for \(year) resting on no leadership of \(id) in \(year); reverse the stipend first")
                }
            }
        }
    }
}

extension Event {
    /// Starts and activities: what cannot be dated on a retirement day (ends can).
    var startsActivity: Bool {
        switch self {
        case .leaderSteppedDown, .residentLeft, .studentLeft, .staffLiaisonUnassigned, .communityMemberRemoved: false
        case .leaderAppointed, .residentJoined, .studentJoined, .staffLiaisonAssigned, .communityMemberAssigned,
             .gatheringHeld, .meetingHeld, .hoursLogged:
            true
        case .communityEstablished, .communityRetired, .policySet, .yearClosed,
             .personRegistered, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed, .trainingCompleted, .studentPlaced, .studentReleased,
             .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected, .textRedacted:
            false
        }
    }
}
