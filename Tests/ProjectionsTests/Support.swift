import EventCodec
import EventStore
import Foundation
import Mentoring
import Postgres
@testable import Projections
import Testing
import TestSupport

func cid(_ text: String) -> CommunityID { try! CommunityID(text) }
func pid(_ text: String) -> PersonID { try! PersonID(text) }
func day(_ text: String) -> Day { try! Day(text) }
func year(_ text: String) -> AcademicYear { try! AcademicYear(text) }
func hours(_ text: String) -> Hours { try! Hours(text) }

/// The day the tests evaluate compliance as of: after 2025-26 ended, in 2026-27.
let testToday = day("2026-11-26")

/// Today where the tests run (local date), for queries that ask "as of today" as the
/// CLI asks them.
func systemToday() -> Day {
    let parts = Foundation.Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return try! Day(year: parts.year!, month: parts.month!, day: parts.day!)
}

/// Writes a scripted history through the domain's deciders and the real event store,
/// the way the command handler does, without depending on the CLI's write commands.
final class Script {
    let connection: Connection
    private(set) var states = StreamStates()
    private(set) var log: [EventEnvelope] = []

    init(_ connection: Connection) {
        self.connection = connection
    }

    /// Decides `command` as of `date` and appends its events in one transaction.
    @discardableResult
    func run(_ command: Command, on date: String, by actor: String = "admin", reason: String? = nil) throws -> [EventEnvelope] {
        let context = DecisionContext(occurredOn: day(date), actor: Actor(actor), login: Login(login(of: actor)), reason: reason)
        let pending = try Decider.decide(command, given: states, context: context)
        return try append(pending, context)
    }

    /// Appends events as they are, past the deciders (an old event, an anomaly).
    @discardableResult
    func record(_ stream: Mentoring.StreamName, _ event: Event, on date: String, by actor: String = "admin") throws -> EventEnvelope {
        try append([PendingEvent(stream: stream, event: event)], DecisionContext(occurredOn: day(date), actor: Actor(actor), login: Login(login(of: actor))))[0]
    }

    /// The login that plays `actor`: the superuser for the default "admin", else one of
    /// the actor's own, since the separation of duties compares logins.
    private func login(of actor: String) -> String {
        actor == "admin" ? connection.user : TestLogins.name(for: actor)
    }

    private func append(_ pending: [PendingEvent], _ context: DecisionContext) throws -> [EventEnvelope] {
        let login = context.login?.rawValue ?? connection.user
        // The superuser may still write the inline form (version 1), as a restore does;
        // any other login writes as the write path does since schema/015: each free text
        // committed in the event (one fixed salt; tests only) and recorded beside it.
        let beside = try login != connection.user
            && connection.execute("SELECT to_regclass('mcledger.event_texts') IS NOT NULL").first?.bool(0) == true
        let salt = String(repeating: "00", count: 16)
        var texts: [(index: Int, field: String, text: String)] = []
        let events = try pending.enumerated().map { index, item in
            if beside {
                var failure: (any Error)?
                let encoded = item.event.encodeBesideTheLog { field, text in
                    texts.append((index, field, text))
                    do {
                        return try connection.execute("SELECT mcledger.text_commitment(decode($1, 'hex'), $2)", [salt, text]).first!.string(0)!
                    } catch {
                        failure = error
                        return ""
                    }
                }
                if let failure { throw failure }
                return NewEvent(
                    stream: EventStore.StreamName(item.stream.rawValue), type: encoded.type, schemaVersion: encoded.schemaVersion,
                    data: encoded.data, metadata: item.isPostCloseAdjustment ? #"{"postCloseAdjustment": true}"# : nil
                )
            }
            let (type, version, data) = item.event.encode()
            return NewEvent(
                stream: EventStore.StreamName(item.stream.rawValue), type: type, schemaVersion: version,
                data: String(decoding: data, as: UTF8.self),
                metadata: item.isPostCloseAdjustment ? #"{"postCloseAdjustment": true}"# : nil
            )
        }
        var extra = "{}"
        if let reason = context.reason {
            extra = String(decoding: try JSONEncoder().encode(["reason": reason]), as: UTF8.self)
        }
        // The server records session_user: switch to the actor's login for the append.
        if login != connection.user {
            try TestLogins.ensure(login, admin: connection)
            let switchTo = try connection.execute("SELECT pg_catalog.format('SET SESSION AUTHORIZATION %I', $1::text)", [login]).first!.string(0)!
            try connection.simpleQuery(switchTo)
        }
        defer { if login != connection.user { try? connection.simpleQuery("RESET SESSION AUTHORIZATION") } }
        let result = try EventStore(connection: connection).append(
            events, metadata: AppendMetadata(actor: context.actor.rawValue, occurredOn: context.occurredOn.description, extra: extra)
        )
        if !texts.isEmpty {
            let entries = texts.map { entry -> [String: String] in
                ["eventId": result.events[entry.index].eventID, "field": entry.field, "text": entry.text, "salt": salt]
            }
            let json = String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
            try connection.execute("SELECT mcledger.record_texts($1::jsonb)", [json])
        }
        let envelopes = zip(pending, result.events).map { item, appended in
            EventEnvelope(
                event: item.event, stream: item.stream, position: appended.position, eventID: EventID(appended.eventID),
                occurredOn: context.occurredOn, actor: context.actor, login: context.login, reason: context.reason,
                isPostCloseAdjustment: item.isPostCloseAdjustment
            )
        }
        states.evolve(envelopes)
        log += envelopes
        return envelopes
    }

    /// Adds a name to the people directory, as the command handler does at registration.
    func name(_ person: String, _ name: String, position: Int64) throws {
        try connection.execute("INSERT INTO mcledger.people (person_id, name, registered_position) VALUES ($1, $2, $3)", [person, name, position])
    }
}

/// Every row of every read-model view, as text, in a stable order: two projections are
/// equal when their dumps are.
func dump(_ connection: Connection) throws -> [String: [String]] {
    let views = [
        "roster_communities", "roster_tenures", "compliance_findings", "compliance_evaluations", "audit_stipends",
        "audit_exceptions", "audit_subjects", "audit_corrections_all", "audit_adjustments",
    ]
    var out: [String: [String]] = [:]
    for view in views {
        out[view] = try connection.execute("SELECT t::text FROM mcledger.\(view) t ORDER BY 1").compactMap { $0.string(0) }
    }
    return out
}

func runner(_ connection: Connection, batchSize: Int = 2000) -> ProjectionRunner {
    ProjectionRunner(connection: connection, today: testToday, batchSize: batchSize)
}
