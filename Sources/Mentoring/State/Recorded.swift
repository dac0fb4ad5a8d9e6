/// An event's payload with the facts of its recording that rules need: its business
/// date, actor, id and position (the evidence a compliance finding cites).
public struct Recorded<Payload: Hashable & Sendable>: Hashable, Sendable {
    public var payload: Payload
    public var occurredOn: Day
    public var actor: Actor
    /// The login that appended it (nil before logins were recorded).
    public var login: Login?
    public var eventID: EventID
    public var position: Int64

    public init(_ payload: Payload, _ envelope: EventEnvelope) {
        self.payload = payload
        occurredOn = envelope.occurredOn
        actor = envelope.actor
        login = envelope.login
        eventID = envelope.eventID
        position = envelope.position
    }
}

extension Recorded {
    /// Who recorded it: actor and login.
    public var recordedBy: Operator { Operator(actor: actor, login: login) }
}
