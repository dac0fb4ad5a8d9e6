/// The folded `community-<id>` stream: memberships, activities and stipends.
///
/// The community's existence and focus live in the `program` stream (see
/// ``ProgramState``); this state starts empty and fills with the first membership.
///
/// Memberships are periods of business dates, half-open `[since, until)`, built from the
/// live (not voided) joins and leaves in date order, whatever order they were recorded
/// in: a leave recorded ahead for March and a join back-dated to November give the same
/// periods as if they had been recorded on their days.
public struct CommunityState: Hashable, Sendable, FoldedState {
    public internal(set) var history: [EventEnvelope] = []
    public internal(set) var voided: [EventID: EventEnvelope] = [:]
    /// Every membership period, ordered by the day it began (then by recording).
    public private(set) var tenures: [Tenure] = []
    public private(set) var gatherings: [Recorded<GatheringHeld>] = []
    public private(set) var meetings: [Recorded<MeetingHeld>] = []
    public private(set) var hoursLogged: [Recorded<HoursLogged>] = []
    public private(set) var stipends: [StipendRecord] = []
    /// Stipend steps that found no stipend in the state they apply to (an approval with
    /// no live request, a payment with no live approval), in recording order.
    public private(set) var strayStipendSteps: [EventEnvelope] = []
    /// Each membership's moves, in date order.
    private var moves: [Membership: [MembershipMove]] = [:]
    /// Memberships whose moves do not alternate start, end…, with the first that does not fit.
    public private(set) var misfits: [Membership: MembershipMove] = [:]
    /// Each membership's periods, in date order: ``tenures`` by membership, so that a
    /// decision about one person does not scan a community of thousands.
    private var periods: [Membership: [Tenure]] = [:]
    /// How many periods each role has had, ended or not.
    private var periodCounts: [MembershipRole: Int] = [:]

    public init() {}

    /// Folds one more event of this community's stream.
    public mutating func evolve(_ envelope: EventEnvelope) { record(envelope) }

    /// `state` with one more event folded.
    public static func evolve(_ state: Self, _ envelope: EventEnvelope) -> Self {
        var next = state
        next.evolve(envelope)
        return next
    }

    /// The community as known on `day`.
    public func asOf(_ day: Day) -> Self { replayingHistory(through: day) }

    /// Memberships in `role` that have no end recorded, in the order they began.
    public func current(_ role: MembershipRole) -> [Tenure] {
        tenures.filter { $0.role == role && $0.isOpen }
    }

    /// Memberships in `role` on `day`.
    public func members(_ role: MembershipRole, on day: Day) -> [Tenure] {
        tenures.filter { $0.role == role && $0.isMember(on: day) }
    }

    /// How many memberships in `role` hold on `day`.
    public func count(_ role: MembershipRole, on day: Day) -> Int {
        tenures.reduce(0) { $0 + ($1.role == role && $1.isMember(on: day) ? 1 : 0) }
    }

    /// Memberships in `role` overlapping `year` up to `through`.
    public func members(_ role: MembershipRole, during year: AcademicYear, through: Day) -> [Tenure] {
        tenures.filter { $0.role == role && $0.overlaps(year, through: through) }
    }

    /// The periods of one membership, in date order.
    public func tenures(of membership: Membership) -> [Tenure] {
        periods[membership] ?? []
    }

    /// How many periods `role` has had, ended or not: a bound on its count on any day.
    public func periodCount(_ role: MembershipRole) -> Int {
        periodCounts[role] ?? 0
    }

    /// `person`'s period in `role` that holds on `day`, if any.
    public func tenure(_ role: MembershipRole, _ person: PersonID, on day: Day) -> Tenure? {
        periods[Membership(role, person)]?.first { $0.isMember(on: day) }
    }

    /// Whether `person` led this community on `day`.
    public func isLeader(_ person: PersonID, on day: Day) -> Bool {
        tenure(.leader, person, on: day) != nil
    }

    /// Stipends for `year` that are not reversed (STP-01 allows the policy's number).
    public func activeStipends(for year: AcademicYear) -> [StipendRecord] {
        stipends.filter { $0.year == year && $0.isActive }
    }

    /// The live events dated on or after `day` that only an active community can have:
    /// membership moves and activities (stipend steps for an earlier year may follow).
    public func activity(from day: Day) -> [EventEnvelope] {
        history.filter { envelope in
            guard voided[envelope.eventID] == nil, envelope.occurredOn >= day else { return false }
            return envelope.event.isCommunityActivity
        }
    }

    mutating func apply(_ envelope: EventEnvelope) {
        switch envelope.event {
        case .leaderAppointed(let event):
            move(.leader, event.leader, start: true, envelope, exception: event.exception)
        case .leaderSteppedDown(let event):
            move(.leader, event.leader, start: false, envelope)
        case .residentJoined(let event):
            move(.resident, event.resident, start: true, envelope)
        case .residentLeft(let event):
            move(.resident, event.resident, start: false, envelope)
        case .studentJoined(let event):
            move(.student, event.student, start: true, envelope)
        case .studentLeft(let event):
            move(.student, event.student, start: false, envelope)
        case .staffLiaisonAssigned(let event):
            move(.staffLiaison, event.staff, start: true, envelope)
        case .staffLiaisonUnassigned(let event):
            move(.staffLiaison, event.staff, start: false, envelope)
        case .communityMemberAssigned(let event):
            move(.communityMember, event.member, start: true, envelope, approvals: (event.deiApproval, event.saApproval))
        case .communityMemberRemoved(let event):
            move(.communityMember, event.member, start: false, envelope)
        case .gatheringHeld(let event):
            gatherings.append(Recorded(event, envelope))
        case .meetingHeld(let event):
            meetings.append(Recorded(event, envelope))
        case .hoursLogged(let event):
            hoursLogged.append(Recorded(event, envelope))
        case .stipendRequested(let event):
            stipends.append(StipendRecord(requested: Recorded(event, envelope)))
        case .stipendApproved(let event):
            updateStipend(event.year, in: .requested, envelope) { $0.approved = Recorded(event, envelope) }
        case .stipendPaid(let event):
            updateStipend(event.year, in: .approved, envelope) { $0.paid = Recorded(event, envelope) }
        case .stipendReversed(let event):
            updateStipend(event.year, in: nil, envelope) { $0.reversed = Recorded(event, envelope) }
        case .communityEstablished, .communityRetired, .policySet, .yearClosed,
             .personRegistered, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed, .trainingCompleted, .studentPlaced, .studentReleased,
             .eventCorrected, .textRedacted:
            // Not events of a community stream (corrections are handled by `record`).
            break
        }
    }

    /// Records a start or end of `person`'s membership in `role` and refolds that
    /// membership's periods (a few moves: one person in one role).
    private mutating func move(
        _ role: MembershipRole, _ person: PersonID, start: Bool, _ envelope: EventEnvelope,
        exception: String? = nil, approvals: (String, String)? = nil
    ) {
        let membership = Membership(role, person)
        let move = MembershipMove(
            isStart: start, day: envelope.occurredOn, position: envelope.position, eventID: envelope.eventID,
            exception: exception, deiApproval: approvals?.0, saApproval: approvals?.1
        )
        var list = moves[membership, default: []]
        let index = list.lastIndex { !move.precedes($0) }.map { $0 + 1 } ?? 0
        list.insert(move, at: index)
        moves[membership] = list
        let folded = MembershipPeriods(membership, list)
        misfits[membership] = folded.misfit
        if let old = periods[membership] {
            periodCounts[role, default: 0] -= old.count
            tenures.removeAll { $0.role == role && $0.person == person }
        }
        periods[membership] = folded.tenures
        periodCounts[role, default: 0] += folded.tenures.count
        for tenure in folded.tenures {
            let at = tenures.lastIndex { ($0.since, $0.startPosition) <= (tenure.since, tenure.startPosition) }.map { $0 + 1 } ?? 0
            tenures.insert(tenure, at: at)
        }
    }

    /// Applies a later step to the year's latest active stipend in `status` (any status
    /// when nil); a step with no such stipend is kept as stray.
    private mutating func updateStipend(
        _ year: AcademicYear, in status: StipendRecord.Status?, _ envelope: EventEnvelope, _ change: (inout StipendRecord) -> Void
    ) {
        guard let index = stipends.lastIndex(where: { $0.year == year && $0.isActive }),
              status.map({ stipends[index].status == $0 }) ?? true else {
            strayStipendSteps.append(envelope)
            return
        }
        change(&stipends[index])
    }
}

extension Event {
    /// Membership moves and activities: what a community records only while active.
    var isCommunityActivity: Bool {
        switch self {
        case .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft, .studentJoined, .studentLeft,
             .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
             .gatheringHeld, .meetingHeld, .hoursLogged:
            true
        case .communityEstablished, .communityRetired, .policySet, .yearClosed,
             .personRegistered, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed, .trainingCompleted, .studentPlaced, .studentReleased,
             .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected, .textRedacted:
            false
        }
    }
}
