/// The folded `person-<id>` stream: registration, title history, training, and which
/// community a student's seat is claimed by (COM-06).
public struct PersonState: Hashable, Sendable, FoldedState {
    /// A title held from a date (LDR-02 compares titles with leadership periods).
    public struct TitleChange: Hashable, Sendable {
        public var title: FacultyTitle
        public var occurredOn: Day
        public var position: Int64
    }

    /// A student's seat in one community, from a ``StudentPlaced`` to a ``StudentReleased``.
    public struct Placement: Hashable, Sendable {
        public var community: CommunityID
        public var placed: Recorded<StudentPlaced>
        public var released: Recorded<StudentReleased>?

        /// The first day the seat is no longer held; nil while it lasts.
        public var until: Day? { released?.occurredOn }

        /// Seated on `day`: placed on or before it and not released by then.
        public func isSeated(on day: Day) -> Bool {
            placed.occurredOn <= day && until.map { day < $0 } ?? true
        }

        /// Whether the two seats share a day.
        public func overlaps(_ other: Placement) -> Bool {
            placed.occurredOn < (other.until ?? .distantFuture) && other.placed.occurredOn < (until ?? .distantFuture)
                && placed.occurredOn != until && other.placed.occurredOn != other.until
        }
    }

    public internal(set) var history: [EventEnvelope] = []
    public internal(set) var voided: [EventID: EventEnvelope] = [:]
    public private(set) var registration: Recorded<PersonRegistered>?
    /// The title at registration, then every retitle, in order.
    public private(set) var titles: [TitleChange] = []
    public private(set) var trainings: [Recorded<TrainingCompleted>] = []
    /// The erasure of the person's directory details, if any: it cannot be undone.
    public private(set) var erasure: Recorded<PersonDetailsErased>?
    /// A student's seats, in the order they began (by business date).
    public private(set) var placements: [Placement] = []
    /// Placement moves per community, in date order (see ``MembershipMove``).
    private var placementMoves: [CommunityID: [PlacementMove]] = [:]
    /// Communities whose placement moves do not alternate placed, released…
    public private(set) var misplacedIn: Set<CommunityID> = []

    private struct PlacementMove: Hashable, Sendable {
        var placed: Recorded<StudentPlaced>?
        var released: Recorded<StudentReleased>?
        var day: Day { placed?.occurredOn ?? released!.occurredOn }
        var position: Int64 { placed?.position ?? released!.position }
    }

    public init() {}

    /// Folds one more event of this person's stream.
    public mutating func evolve(_ envelope: EventEnvelope) { record(envelope) }

    /// `state` with one more event folded.
    public static func evolve(_ state: Self, _ envelope: EventEnvelope) -> Self {
        var next = state
        next.evolve(envelope)
        return next
    }

    /// The person as known on `day`.
    public func asOf(_ day: Day) -> Self { replayingHistory(through: day) }

    public var id: PersonID? { registration?.payload.person }
    public var role: Role? { registration?.payload.role }

    /// The latest title by date (`none` when never given).
    public var title: FacultyTitle { titles.last?.title ?? .none }

    /// The title held on `day`: titles apply by their business date, whatever order they
    /// were recorded in.
    public func title(on day: Day) -> FacultyTitle {
        titles.last { $0.occurredOn <= day }?.title ?? .none
    }

    /// The first barred title (LDR-02) held on a day of `[from, until)`, with the day it
    /// was first held there.
    public func barredTitle(from: Day, until: Day) -> (title: FacultyTitle, from: Day, position: Int64?)? {
        guard from < until else { return nil }
        let atStart = title(on: from)
        if atStart.barsLeadership {
            return (atStart, from, titles.last { $0.occurredOn <= from }?.position)
        }
        guard let gained = titles.first(where: { $0.title.barsLeadership && from < $0.occurredOn && $0.occurredOn < until }) else { return nil }
        return (gained.title, gained.occurredOn, gained.position)
    }

    /// The day the person's facts start: their registration's business date.
    public var registeredOn: Day? { registration?.occurredOn }

    /// The last day a student is a member of any community: graduation, by the
    /// `policy`'s date in their class-of year; nil when no class is recorded.
    public func graduation(_ policy: Policy) -> Day? {
        guard let classOf = registration?.payload.classOf else { return nil }
        return policy.graduation.day(in: classOf)
    }

    /// The first training completed on or before `day` (LDR-04 is met once, for good).
    public func training(by day: Day) -> Recorded<TrainingCompleted>? {
        trainings.filter { $0.occurredOn <= day }.min { $0.occurredOn < $1.occurredOn }
    }

    mutating func apply(_ envelope: EventEnvelope) {
        switch envelope.event {
        case .personRegistered(let event):
            registration = Recorded(event, envelope)
            if let title = event.title {
                titles.append(TitleChange(title: title, occurredOn: envelope.occurredOn, position: envelope.position))
            }
        case .personRetitled(let event):
            let change = TitleChange(title: event.title, occurredOn: envelope.occurredOn, position: envelope.position)
            let index = titles.lastIndex { ($0.occurredOn, $0.position) <= (change.occurredOn, change.position) }.map { $0 + 1 } ?? 0
            titles.insert(change, at: index)
        case .trainingCompleted(let event):
            trainings.append(Recorded(event, envelope))
        case .studentPlaced(let event):
            place(event.community, PlacementMove(placed: Recorded(event, envelope)))
        case .studentReleased(let event):
            place(event.community, PlacementMove(released: Recorded(event, envelope)))
        case .personDetailsChanged, .recordsDisclosed:
            // The directory holds the details; no rule reads them. Disclosures are on
            // their own stream.
            break
        case .personDetailsErased(let event):
            erasure = erasure ?? Recorded(event, envelope)
        case .communityEstablished, .communityRetired, .policySet, .yearClosed,
             .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft, .studentJoined, .studentLeft,
             .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
             .gatheringHeld, .meetingHeld, .hoursLogged,
             .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected, .textRedacted:
            // Not events of a person stream.
            break
        }
    }

    /// Records a placement move and refolds that community's seats in date order.
    private mutating func place(_ community: CommunityID, _ move: PlacementMove) {
        var list = placementMoves[community, default: []]
        let index = list.lastIndex { ($0.day, $0.position) <= (move.day, move.position) }.map { $0 + 1 } ?? 0
        list.insert(move, at: index)
        placementMoves[community] = list
        var seats: [Placement] = []
        var misfit = false
        for step in list {
            if let placed = step.placed {
                if let last = seats.last, last.released == nil { misfit = true; continue }
                seats.append(Placement(community: community, placed: placed, released: nil))
            } else if let released = step.released {
                guard let last = seats.indices.last, seats[last].released == nil else { misfit = true; continue }
                seats[last].released = released
            }
        }
        if misfit { misplacedIn.insert(community) } else { misplacedIn.remove(community) }
        placements.removeAll { $0.community == community }
        placements += seats
        placements.sort { ($0.placed.occurredOn, $0.placed.position) < ($1.placed.occurredOn, $1.placed.position) }
    }
}
