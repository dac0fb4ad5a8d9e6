/// An event as recorded: the fact plus where and when the store put it.
///
/// States fold envelopes, not bare events, because compliance findings cite the
/// positions of the events that support them, corrections point at event ids, and yearly
/// duties are counted by business date (`occurredOn`), not by commit time.
public struct EventEnvelope: Hashable, Sendable {
    public var event: Event
    /// The stream it was appended to.
    public var stream: StreamName
    /// The global position (gap-free commit order).
    public var position: Int64
    /// The id the store gave it; corrections point at it.
    public var eventID: EventID
    /// The business date: when the thing happened in the program.
    public var occurredOn: Day
    /// Who issued the write: the display name (`--actor`).
    public var actor: Actor
    /// The database login that appended it, as the server recorded it; nil for events
    /// appended before logins were recorded.
    public var login: Login?
    /// The `--reason` given with the write, if any.
    public var reason: String?
    /// Written dated in a closed academic year (see ``PendingEvent``).
    public var isPostCloseAdjustment: Bool

    public init(
        event: Event, stream: StreamName, position: Int64, eventID: EventID, occurredOn: Day,
        actor: Actor, login: Login? = nil, reason: String? = nil, isPostCloseAdjustment: Bool = false
    ) {
        self.event = event
        self.stream = stream
        self.position = position
        self.eventID = eventID
        self.occurredOn = occurredOn
        self.actor = actor
        self.login = login
        self.reason = reason
        self.isPostCloseAdjustment = isPostCloseAdjustment
    }
}

extension EventEnvelope {
    /// Who recorded it: actor and login.
    public var recordedBy: Operator { Operator(actor: actor, login: login) }
}
