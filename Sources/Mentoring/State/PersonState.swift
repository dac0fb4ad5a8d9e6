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
    }

    public internal(set) var history: [EventEnvelope] = []
    public internal(set) var voided: [EventID: EventEnvelope] = [:]
    public private(set) var registration: Recorded<PersonRegistered>?
    /// The title at registration, then every retitle, in order.
    public private(set) var titles: [TitleChange] = []
    public private(set) var trainings: [Recorded<TrainingCompleted>] = []
    public private(set) var placements: [Placement] = []

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

    /// The current title (`none` when never given).
    public var title: FacultyTitle { titles.last?.title ?? .none }

    /// The title held on `day`.
    public func title(on day: Day) -> FacultyTitle {
        titles.last { $0.occurredOn <= day }?.title ?? .none
    }

    /// The first training completed on or before `day` (LDR-04 is met once, for good).
    public func training(by day: Day) -> Recorded<TrainingCompleted>? {
        trainings.filter { $0.occurredOn <= day }.min { $0.occurredOn < $1.occurredOn }
    }

    /// The seats not yet released; COM-06 keeps this to at most one.
    public var openPlacements: [Placement] { placements.filter { $0.released == nil } }

    mutating func apply(_ envelope: EventEnvelope) {
        switch envelope.event {
        case .personRegistered(let event):
            registration = Recorded(event, envelope)
            if let title = event.title {
                titles.append(TitleChange(title: title, occurredOn: envelope.occurredOn, position: envelope.position))
            }
        case .personRetitled(let event):
            titles.append(TitleChange(title: event.title, occurredOn: envelope.occurredOn, position: envelope.position))
        case .trainingCompleted(let event):
            trainings.append(Recorded(event, envelope))
        case .studentPlaced(let event):
            placements.append(Placement(community: event.community, placed: Recorded(event, envelope), released: nil))
        case .studentReleased(let event):
            if let index = placements.lastIndex(where: { $0.community == event.community && $0.released == nil }) {
                placements[index].released = Recorded(event, envelope)
            }
        case .communityEstablished, .communityRetired, .policySet, .yearClosed,
             .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft, .studentJoined, .studentLeft,
             .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
             .gatheringHeld, .meetingHeld, .hoursLogged,
             .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected:
            // Not events of a person stream.
            break
        }
    }
}
