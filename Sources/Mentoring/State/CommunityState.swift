/// The folded `community-<id>` stream: memberships, activities and stipends.
///
/// The community's existence and focus live in the `program` stream (see
/// ``ProgramState``); this state starts empty and fills with the first membership.
public struct CommunityState: Hashable, Sendable, FoldedState {
    public internal(set) var history: [EventEnvelope] = []
    public internal(set) var voided: [EventID: EventEnvelope] = [:]
    /// Every membership period, in the order they began.
    public private(set) var tenures: [Tenure] = []
    public private(set) var gatherings: [Recorded<GatheringHeld>] = []
    public private(set) var meetings: [Recorded<MeetingHeld>] = []
    public private(set) var hoursLogged: [Recorded<HoursLogged>] = []
    public private(set) var stipends: [StipendRecord] = []
    /// Where each open membership sits in ``tenures``, by role and person, ascending.
    ///
    /// Deciders ask "is this person a current student here?" and "how many students are
    /// there now?" once per command, and an import asks once per row: answering by a scan
    /// of every tenure made a roster import quadratic in the community's size. ``open``
    /// and ``close`` keep this as the state evolves, and a correction's refold (which
    /// starts from an empty state) rebuilds it, so it always says what a scan would.
    private var openTenures: [OpenMembership: [Int]] = [:]
    /// How many memberships in each role are open: the count COM-01..05 bound.
    private var openCounts: [MembershipRole: Int] = [:]

    /// The key of ``openTenures``.
    private struct OpenMembership: Hashable, Sendable {
        var role: MembershipRole
        var person: PersonID
    }

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

    /// Open memberships in `role`, in the order they began.
    ///
    /// Scans every tenure: where only the number matters, ask ``currentCount(_:)``.
    public func current(_ role: MembershipRole) -> [Tenure] {
        tenures.filter { $0.role == role && $0.isOpen }
    }

    /// How many memberships in `role` are open: `current(role).count`, without the scan.
    public func currentCount(_ role: MembershipRole) -> Int {
        openCounts[role] ?? 0
    }

    /// Whether `person` currently holds `role` here.
    public func isCurrent(_ role: MembershipRole, _ person: PersonID) -> Bool {
        openTenures[OpenMembership(role: role, person: person)] != nil
    }

    /// Memberships in `role` on `day`.
    public func members(_ role: MembershipRole, on day: Day) -> [Tenure] {
        tenures.filter { $0.role == role && $0.isMember(on: day) }
    }

    /// Memberships in `role` overlapping `year` up to `through`.
    public func members(_ role: MembershipRole, during year: AcademicYear, through: Day) -> [Tenure] {
        tenures.filter { $0.role == role && $0.overlaps(year, through: through) }
    }

    /// Whether `person` led this community on `day`.
    public func isLeader(_ person: PersonID, on day: Day) -> Bool {
        tenures.contains { $0.role == .leader && $0.person == person && $0.isMember(on: day) }
    }

    /// Stipends for `year` that are not reversed (STP-01 allows the policy's number).
    public func activeStipends(for year: AcademicYear) -> [StipendRecord] {
        stipends.filter { $0.year == year && $0.isActive }
    }

    mutating func apply(_ envelope: EventEnvelope) {
        switch envelope.event {
        case .leaderAppointed(let event):
            open(.leader, event.leader, envelope, exception: event.exception)
        case .leaderSteppedDown(let event):
            close(.leader, event.leader, envelope)
        case .residentJoined(let event):
            open(.resident, event.resident, envelope)
        case .residentLeft(let event):
            close(.resident, event.resident, envelope)
        case .studentJoined(let event):
            open(.student, event.student, envelope)
        case .studentLeft(let event):
            close(.student, event.student, envelope)
        case .staffLiaisonAssigned(let event):
            open(.staffLiaison, event.staff, envelope)
        case .staffLiaisonUnassigned(let event):
            close(.staffLiaison, event.staff, envelope)
        case .communityMemberAssigned(let event):
            open(.communityMember, event.member, envelope, approvals: (event.deiApproval, event.saApproval))
        case .communityMemberRemoved(let event):
            close(.communityMember, event.member, envelope)
        case .gatheringHeld(let event):
            gatherings.append(Recorded(event, envelope))
        case .meetingHeld(let event):
            meetings.append(Recorded(event, envelope))
        case .hoursLogged(let event):
            hoursLogged.append(Recorded(event, envelope))
        case .stipendRequested(let event):
            stipends.append(StipendRecord(requested: Recorded(event, envelope)))
        case .stipendApproved(let event):
            updateStipend(event.year) { $0.approved = Recorded(event, envelope) }
        case .stipendPaid(let event):
            updateStipend(event.year) { $0.paid = Recorded(event, envelope) }
        case .stipendReversed(let event):
            updateStipend(event.year) { $0.reversed = Recorded(event, envelope) }
        case .communityEstablished, .communityRetired, .policySet, .yearClosed,
             .personRegistered, .personRetitled, .trainingCompleted, .studentPlaced, .studentReleased,
             .eventCorrected:
            // Not events of a community stream (corrections are handled by `record`).
            break
        }
    }

    private mutating func open(
        _ role: MembershipRole, _ person: PersonID, _ envelope: EventEnvelope,
        exception: String? = nil, approvals: (String, String)? = nil
    ) {
        openTenures[OpenMembership(role: role, person: person), default: []].append(tenures.count)
        openCounts[role, default: 0] += 1
        tenures.append(Tenure(
            role: role, person: person, since: envelope.occurredOn,
            startEventID: envelope.eventID, startPosition: envelope.position,
            exception: exception, deiApproval: approvals?.0, saApproval: approvals?.1
        ))
    }

    /// Closes `person`'s latest open membership in `role`, if any (a leave without a join
    /// changes nothing).
    private mutating func close(_ role: MembershipRole, _ person: PersonID, _ envelope: EventEnvelope) {
        let key = OpenMembership(role: role, person: person)
        guard var open = openTenures[key], let index = open.popLast() else { return }
        openTenures[key] = open.isEmpty ? nil : open
        openCounts[role, default: 0] -= 1
        tenures[index].until = envelope.occurredOn
        tenures[index].endEventID = envelope.eventID
        tenures[index].endPosition = envelope.position
    }

    /// Applies a later step to the year's stipend that is still active.
    private mutating func updateStipend(_ year: AcademicYear, _ change: (inout StipendRecord) -> Void) {
        guard let index = stipends.lastIndex(where: { $0.year == year && $0.isActive }) else { return }
        change(&stipends[index])
    }
}
