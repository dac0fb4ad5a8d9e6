/// One stipend for a community and year, through request, approval, payment or reversal.
///
/// The actors of each step are kept (from the envelopes) because the separation of
/// duties (STP-04) compares them.
public struct StipendRecord: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        case requested, approved, paid, reversed
    }

    public var requested: Recorded<StipendRequested>
    public var approved: Recorded<StipendApproved>?
    public var paid: Recorded<StipendPaid>?
    public var reversed: Recorded<StipendReversed>?

    public var year: AcademicYear { requested.payload.year }
    public var payee: PersonID { requested.payload.payee }

    public var status: Status {
        if reversed != nil { return .reversed }
        if paid != nil { return .paid }
        if approved != nil { return .approved }
        return .requested
    }

    /// Counts toward STP-01's one per community-year (a reversed one frees the slot).
    public var isActive: Bool { reversed == nil }
}
