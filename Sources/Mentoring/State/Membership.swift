/// One person in one role of one community: the unit whose periods must not overlap.
public struct Membership: Hashable, Sendable, CustomStringConvertible {
    public var role: MembershipRole
    public var person: PersonID

    public init(_ role: MembershipRole, _ person: PersonID) {
        self.role = role
        self.person = person
    }

    public var description: String { "\(person) as \(role)" }
}

/// A membership's start or end as recorded: the event that opened or closed a period.
///
/// Kept in business-date order (then recording order within a day), so the periods of a
/// membership are the same whatever order the moves were recorded in.
public struct MembershipMove: Hashable, Sendable {
    public var isStart: Bool
    public var day: Day
    public var position: Int64
    public var eventID: EventID
    /// A leader's LDR-03 exception, as written when appointed.
    public var exception: String?
    /// A community member's approvals (COM-05).
    public var deiApproval: String?
    public var saApproval: String?

    /// Business date first, then recording order: two moves of one day keep the order
    /// they were recorded in.
    func precedes(_ other: MembershipMove) -> Bool {
        (day, position) < (other.day, other.position)
    }
}

/// The periods a membership's moves make, and the first move that does not fit.
///
/// Moves must alternate start, end, start… in date order: a start while a period is open
/// (two overlapping periods) or an end with none open (a leave before its join) is the
/// `misfit`. The periods still fold around it, so every reader sees the same state.
struct MembershipPeriods {
    var tenures: [Tenure] = []
    var misfit: MembershipMove?

    init(_ membership: Membership, _ moves: [MembershipMove]) {
        var open: Tenure?
        for move in moves {
            if move.isStart {
                guard open == nil else {
                    misfit = misfit ?? move
                    continue
                }
                open = Tenure(
                    role: membership.role, person: membership.person, since: move.day,
                    startEventID: move.eventID, startPosition: move.position,
                    exception: move.exception, deiApproval: move.deiApproval, saApproval: move.saApproval
                )
            } else {
                guard var period = open else {
                    misfit = misfit ?? move
                    continue
                }
                period.until = move.day
                period.endEventID = move.eventID
                period.endPosition = move.position
                tenures.append(period)
                open = nil
            }
        }
        if let open { tenures.append(open) }
    }
}
