/// One period of a person's membership of a community in one role.
///
/// Kept with the ids and positions of the events that opened and closed it, so the
/// roster can answer "as of" questions and a finding can cite the appointment.
public struct Tenure: Hashable, Sendable {
    public var role: MembershipRole
    public var person: PersonID
    public var since: Day
    public var startEventID: EventID
    public var startPosition: Int64
    public var until: Day?
    public var endEventID: EventID?
    public var endPosition: Int64?
    /// A leader's LDR-03 exception, as written when appointed.
    public var exception: String?
    /// A community member's approvals (COM-05).
    public var deiApproval: String?
    public var saApproval: String?

    public init(
        role: MembershipRole, person: PersonID, since: Day, startEventID: EventID, startPosition: Int64,
        until: Day? = nil, endEventID: EventID? = nil, endPosition: Int64? = nil,
        exception: String? = nil, deiApproval: String? = nil, saApproval: String? = nil
    ) {
        self.role = role
        self.person = person
        self.since = since
        self.startEventID = startEventID
        self.startPosition = startPosition
        self.until = until
        self.endEventID = endEventID
        self.endPosition = endPosition
        self.exception = exception
        self.deiApproval = deiApproval
        self.saApproval = saApproval
    }

    public var isOpen: Bool { until == nil }

    /// A member on `day`: started on or before it and not ended by it.
    public func isMember(on day: Day) -> Bool {
        guard since <= day else { return false }
        guard let until else { return true }
        return day < until
    }

    /// A member on at least one day of `year` up to `through`.
    public func overlaps(_ year: AcademicYear, through: Day) -> Bool {
        let end = min(year.lastDay, through)
        guard since <= end else { return false }
        guard let until else { return true }
        return until > year.firstDay
    }
}
