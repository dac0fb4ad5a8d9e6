/// The folded `program` stream: the set of communities, the policy per year, closed years.
///
/// Every command reads this stream, because every decision needs the policy in force and
/// whether its year is closed. The cost is that a rare program write (a community
/// established, a policy set, a year closed) makes concurrent commands retry once —
/// which is what makes "a write to a year that was just closed" impossible to slip in.
public struct ProgramState: Hashable, Sendable, FoldedState {
    /// One community's place in the program.
    public struct CommunityRecord: Hashable, Sendable {
        public var id: CommunityID
        public var name: String
        public var focus: Focus
        public var established: Recorded<CommunityEstablished>
        public var retired: Recorded<CommunityRetired>?

        /// Established on or before `day` and not retired by then.
        public func isActive(on day: Day) -> Bool {
            guard established.occurredOn <= day else { return false }
            guard let retired else { return true }
            return day < retired.occurredOn
        }

        /// Active on at least one day of `year` up to `through`.
        public func isActive(during year: AcademicYear, through: Day) -> Bool {
            let end = min(year.lastDay, through)
            guard established.occurredOn <= end else { return false }
            guard let retired else { return true }
            return retired.occurredOn > year.firstDay
        }
    }

    public internal(set) var history: [EventEnvelope] = []
    public internal(set) var voided: [EventID: EventEnvelope] = [:]
    public private(set) var communities: [CommunityID: CommunityRecord] = [:]
    /// Policies set, by the first year they apply to.
    public private(set) var policies: [AcademicYear: Recorded<PolicySet>] = [:]
    public private(set) var closedYears: [AcademicYear: Recorded<YearClosed>] = [:]

    public init() {}

    /// Folds one more event of the `program` stream.
    public mutating func evolve(_ envelope: EventEnvelope) { record(envelope) }

    /// `state` with one more event folded: the decider's `evolve(state, event)`.
    public static func evolve(_ state: Self, _ envelope: EventEnvelope) -> Self {
        var next = state
        next.evolve(envelope)
        return next
    }

    /// The program as known on `day` (events and corrections dated up to it).
    public func asOf(_ day: Day) -> Self { replayingHistory(through: day) }

    /// The policy in force for `year`: the one set for it, else the latest set for an
    /// earlier year, else the program description's.
    public func policy(for year: AcademicYear) -> Policy {
        // A loop, not filter-then-max: rules ask this once per member, and a filter
        // builds a dictionary each time.
        var found: (year: AcademicYear, policy: Policy)?
        for (set, recorded) in policies where set <= year && found.map({ set > $0.year }) ?? true {
            found = (set, recorded.payload.policy)
        }
        return found?.policy ?? Policy()
    }

    /// The smallest maximum of `role` in force in `year` or any later year: a count that
    /// never goes above it can break no maximum from `year` on.
    public func smallestMaximum(_ role: MembershipRole, from year: AcademicYear) -> Int {
        var smallest = role.bounds(in: policy(for: year)).maximum
        for (set, recorded) in policies where set > year {
            smallest = min(smallest, role.bounds(in: recorded.payload.policy).maximum)
        }
        return smallest
    }

    /// The policy in force on `day`.
    public func policy(on day: Day) -> Policy { policy(for: day.academicYear) }

    public func isClosed(_ year: AcademicYear) -> Bool { closedYears[year] != nil }

    /// Communities active on `day`, by id.
    public func activeCommunities(on day: Day) -> [CommunityRecord] {
        communities.values.filter { $0.isActive(on: day) }.sorted { $0.id < $1.id }
    }

    mutating func apply(_ envelope: EventEnvelope) {
        switch envelope.event {
        case .communityEstablished(let event):
            communities[event.community] = CommunityRecord(
                id: event.community, name: event.name, focus: event.focus,
                established: Recorded(event, envelope), retired: nil
            )
        case .communityRetired(let event):
            communities[event.community]?.retired = Recorded(event, envelope)
        case .policySet(let event):
            policies[event.year] = Recorded(event, envelope)
        case .yearClosed(let event):
            closedYears[event.year] = Recorded(event, envelope)
        case .personRegistered, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed, .trainingCompleted, .studentPlaced, .studentReleased,
             .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft, .studentJoined, .studentLeft,
             .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
             .gatheringHeld, .meetingHeld, .hoursLogged,
             .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected, .textRedacted:
            // Not events of the program stream.
            break
        }
    }
}
