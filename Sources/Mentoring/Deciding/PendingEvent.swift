/// One event a decision wants appended, and to which stream.
///
/// The command handler appends all of a decision's pending events in one transaction,
/// with the expected version of every stream the command read, and stores
/// `isPostCloseAdjustment` in the event's metadata (with the context's actor, reason and
/// business date). The store assigns position and event id.
public struct PendingEvent: Hashable, Sendable {
    public var stream: StreamName
    public var event: Event
    /// True when the write is dated in (or pays for) an academic year already closed:
    /// audit lists these as post-close adjustments.
    public var isPostCloseAdjustment: Bool

    public init(stream: StreamName, event: Event, isPostCloseAdjustment: Bool = false) {
        self.stream = stream
        self.event = event
        self.isPostCloseAdjustment = isPostCloseAdjustment
    }
}
