public import Mentoring

/// A community as the roster holds it (`mcledger.roster_communities`).
public struct CommunityRow: Hashable, Sendable {
    public var community: CommunityID
    public var name: String
    public var focus: Focus
    public var establishedOn: Day
    public var establishedPosition: Int64
    public var retiredOn: Day?
    public var retiredPosition: Int64?
    public var retiredReason: String?
    /// The correction epoch this row holds in, `[epochFrom, epochTo)`; nil is unbounded.
    public var epochFrom: Day?
    public var epochTo: Day?

    /// Established on or before `day` and not retired by then.
    public func isActive(on day: Day) -> Bool {
        establishedOn <= day && retiredOn.map { day < $0 } ?? true
    }
}

/// One membership period (`mcledger.roster_tenures`).
public struct TenureRow: Hashable, Sendable {
    public var community: CommunityID
    public var role: MembershipRole
    public var person: PersonID
    public var since: Day
    /// The day it ended (not a member from then on); nil while it lasts.
    public var until: Day?
    public var startPosition: Int64
    public var endPosition: Int64?
    /// A leader's LDR-03 exception, as written when appointed.
    public var exception: String?
    public var deiApproval: String?
    public var saApproval: String?
    public var epochFrom: Day?
    public var epochTo: Day?

    /// A member on `day`, as known on `day` (the epoch that holds on it).
    public func isMember(on day: Day) -> Bool {
        since <= day && until.map { day < $0 } ?? true && holds(on: day)
    }

    func holds(on day: Day) -> Bool {
        epochFrom.map { $0 <= day } ?? true && epochTo.map { day < $0 } ?? true
    }
}
