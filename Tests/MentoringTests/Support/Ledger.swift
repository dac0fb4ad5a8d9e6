import Mentoring
import Testing

/// An in-memory ledger that handles commands the way the real handler does: it reads only
/// the streams a command asks for (so a missing `streamsRead` entry shows up as a wrong
/// decision), decides, and appends with positions and ids.
struct Ledger {
    private(set) var log: [EventEnvelope] = []
    private(set) var all = StreamStates()

    /// Runs a command that must succeed.
    @discardableResult
    mutating func given(_ command: Command, on date: String = "2026-09-01", by actor: String = "admin", login: String? = nil, reason: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> [EventEnvelope] {
        do {
            return try run(command, on: date, by: actor, login: login, reason: reason)
        } catch {
            Issue.record("given \(command) was refused: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Appends events directly, as if recorded earlier.
    @discardableResult
    mutating func given(_ stream: StreamName, _ event: Event, on date: String = "2026-09-01", by actor: String = "admin") -> EventEnvelope {
        append([PendingEvent(stream: stream, event: event)], DecisionContext(occurredOn: day(date), actor: Actor(actor)))[0]
    }

    /// Decides and appends; returns the appended envelopes.
    @discardableResult
    mutating func run(_ command: Command, on date: String = "2026-09-01", by actor: String = "admin", login: String? = nil, reason: String? = nil) throws(DomainError) -> [EventEnvelope] {
        let context = DecisionContext(occurredOn: day(date), actor: Actor(actor), login: login.map(Login.init), reason: reason)
        let pending = try Decider.decide(command, given: read(for: command), context: context)
        return append(pending, context)
    }

    /// The refusal of a command that must be refused (nil if it was accepted).
    mutating func refusal(_ command: Command, on date: String = "2026-09-01", by actor: String = "admin", login: String? = nil, reason: String? = nil) -> DomainError? {
        thrown { () throws(DomainError) in try run(command, on: date, by: actor, login: login, reason: reason) }
    }

    /// The events a command would append, without appending them.
    func decide(_ command: Command, on date: String = "2026-09-01", by actor: String = "admin", reason: String? = nil) throws(DomainError) -> [PendingEvent] {
        let context = DecisionContext(occurredOn: day(date), actor: Actor(actor), reason: reason)
        return try Decider.decide(command, given: read(for: command), context: context)
    }

    /// The states of exactly the streams the command reads, read until nothing new is asked.
    func read(for command: Command) -> StreamStates {
        var states = StreamStates()
        var read: Set<StreamName> = []
        while let next = command.streamsRead(given: states).first(where: { !read.contains($0) }) {
            states.evolve(log.filter { $0.stream == next })
            read.insert(next)
        }
        return states
    }

    private mutating func append(_ pending: [PendingEvent], _ context: DecisionContext) -> [EventEnvelope] {
        let envelopes = pending.enumerated().map { offset, event in
            EventEnvelope(
                event: event.event, stream: event.stream, position: Int64(log.count + 1 + offset),
                eventID: EventID("e\(log.count + 1 + offset)"), occurredOn: context.occurredOn,
                actor: context.actor, login: context.login, reason: context.reason, isPostCloseAdjustment: event.isPostCloseAdjustment
            )
        }
        log += envelopes
        all.evolve(envelopes)
        return envelopes
    }
}

extension Ledger {
    /// A program in 2026-27 with two communities and enough people to fill them:
    /// faculty f-1…f-5 (residency 2015, f-new 2024), residents r-1…r-5, students s-1…s-20,
    /// staff st-1, st-2, community members m-1, m-2.
    static func program(on date: String = "2026-07-01") -> Ledger {
        var ledger = Ledger()
        ledger.given(.establishCommunity(EstablishCommunity(community: cid("c-latinx"), name: "Latinx", focus: .latinx)), on: date)
        ledger.given(.establishCommunity(EstablishCommunity(community: cid("c-gen1"), name: "General 1", focus: .general)), on: date)
        for index in 1...5 {
            ledger.given(.registerPerson(RegisterPerson(person: pid("f-\(index)"), name: "F", role: .faculty, residencyCompleted: 2015)), on: date)
            ledger.given(.registerPerson(RegisterPerson(person: pid("r-\(index)"), name: "R", role: .resident)), on: date)
        }
        ledger.given(.registerPerson(RegisterPerson(person: pid("f-new"), name: "F", role: .faculty, residencyCompleted: 2024)), on: date)
        ledger.given(.registerPerson(RegisterPerson(person: pid("f-dean"), name: "F", role: .faculty, residencyCompleted: 2000, title: .seniorDean)), on: date)
        for index in 1...20 {
            ledger.given(.registerPerson(RegisterPerson(person: pid("s-\(index)"), name: "S", role: .student, classOf: 2029)), on: date)
        }
        for id in ["st-1", "st-2"] {
            ledger.given(.registerPerson(RegisterPerson(person: pid(id), name: "S", role: .staff)), on: date)
        }
        for id in ["m-1", "m-2"] {
            ledger.given(.registerPerson(RegisterPerson(person: pid(id), name: "M", role: .communityMember)), on: date)
        }
        return ledger
    }

    mutating func appoint(_ leader: String, _ community: String = "c-latinx", on date: String = "2026-07-01") {
        given(.appointLeader(AppointLeader(leader: pid(leader), community: cid(community))), on: date)
    }

    mutating func join(_ student: String, _ community: String = "c-latinx", on date: String = "2026-07-01") {
        given(.joinStudent(JoinStudent(student: pid(student), community: cid(community))), on: date)
    }
}
