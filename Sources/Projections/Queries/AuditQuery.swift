internal import EventStore
internal import Foundation
public import Mentoring
public import Postgres

/// Reads the audit read model (`mcledger.audit_*` views).
public enum AuditQuery {
    /// Every stipend (of one academic year, or all), by year, community and request.
    public static func stipends(connection: Connection, year: AcademicYear? = nil) throws -> [StipendRow] {
        let rows = try connection.execute("""
            SELECT community, year, payee, amount_cents, status,
                   to_char(requested_on, 'YYYY-MM-DD'), requested_position, requested_by,
                   to_char(approved_on, 'YYYY-MM-DD'), approved_position, approved_by, waiver,
                   to_char(paid_on, 'YYYY-MM-DD'), paid_position, paid_by, paid_cents, reference,
                   to_char(reversed_on, 'YYYY-MM-DD'), reversed_position, reversed_by, reversed_reason, anomalies::text
              FROM mcledger.audit_stipends
             WHERE $1::text IS NULL OR year = $1
             ORDER BY year, community, requested_position
            """, [year?.description])
        return rows.compactMap { row in
            guard let community = id(row, 0, CommunityID.init), let year = row.string(1).flatMap({ try? AcademicYear($0) }),
                  let payee = id(row, 2, PersonID.init), let amount = row.int64(3),
                  let status = row.string(4).flatMap(StipendRecord.Status.init(rawValue:)), let requested = step(row, 5)
            else { return nil }
            let anomalies = row.string(21).flatMap { try? JSONDecoder().decode([StipendAudit.Anomaly].self, from: Data($0.utf8)) } ?? []
            return StipendRow(
                community: community, year: year, payee: payee, amount: Cents(Int(amount)), status: status,
                requested: requested, approved: step(row, 8), waiver: row.string(11), paid: step(row, 12),
                paidAmount: row.int64(15).map { Cents(Int($0)) }, reference: row.string(16),
                reversed: step(row, 17), reversedReason: row.string(20), anomalies: anomalies
            )
        }
    }

    /// Leader exceptions (LDR-03) and stipend waivers (STP-05): those of `year` when given
    /// (a leadership overlapping it, a waiver of its stipend).
    public static func exceptions(connection: Connection, year: AcademicYear? = nil) throws -> [ExceptionRow] {
        let rows = try connection.execute("""
            SELECT kind, community, person, year, to_char(since, 'YYYY-MM-DD'), to_char(until, 'YYYY-MM-DD'),
                   justification, position, actor
              FROM mcledger.audit_exceptions
             WHERE $1::text IS NULL
                OR (kind = 'stipend-waiver' AND year = $1)
                OR (kind = 'leader-exception' AND since <= $3::date AND (until IS NULL OR until > $2::date))
             ORDER BY community, position
            """, [year?.description, year?.firstDay.description, year?.lastDay.description])
        return rows.compactMap { row in
            guard let kind = row.string(0).flatMap(ExceptionRow.Kind.init(rawValue:)), let community = id(row, 1, CommunityID.init),
                  let person = id(row, 2, PersonID.init), let since = day(row, 4), let justification = row.string(6),
                  let position = row.int64(7), let actor = row.string(8)
            else { return nil }
            return ExceptionRow(
                kind: kind, community: community, person: person, year: row.string(3).flatMap { try? AcademicYear($0) },
                since: since, until: day(row, 5), justification: justification, position: position, actor: actor
            )
        }
    }

    /// Corrections (of one academic year's events, or dated in it, when given).
    public static func corrections(connection: Connection, year: AcademicYear? = nil) throws -> [CorrectionRow] {
        let rows = try connection.execute("""
            SELECT position, stream, to_char(occurred_on, 'YYYY-MM-DD'), actor, reason, voids_event_id::text, voided_type,
                   post_close, voided_position, to_char(voided_occurred_on, 'YYYY-MM-DD')
              FROM mcledger.audit_corrections
             WHERE $1::date IS NULL OR occurred_on BETWEEN $1::date AND $2::date OR voided_occurred_on BETWEEN $1::date AND $2::date
             ORDER BY position
            """, [year?.firstDay.description, year?.lastDay.description])
        return rows.compactMap { row in
            guard let position = row.int64(0), let stream = row.string(1), let on = day(row, 2), let actor = row.string(3),
                  let reason = row.string(4), let voids = row.string(5), let type = row.string(6)
            else { return nil }
            return CorrectionRow(
                position: position, stream: stream, occurredOn: on, actor: actor, reason: reason, voidsEventID: voids,
                voidedType: type, isPostCloseAdjustment: row.bool(7) ?? false, voidedPosition: row.int64(8), voidedOccurredOn: day(row, 9)
            )
        }
    }

    /// Writes dated in a closed year (those dated in `year` when given).
    public static func adjustments(connection: Connection, year: AcademicYear? = nil) throws -> [AdjustmentRow] {
        let rows = try connection.execute("""
            SELECT position, stream, type, to_char(occurred_on, 'YYYY-MM-DD'), actor, reason
              FROM mcledger.audit_adjustments
             WHERE $1::date IS NULL OR occurred_on BETWEEN $1::date AND $2::date
             ORDER BY position
            """, [year?.firstDay.description, year?.lastDay.description])
        return rows.compactMap { row in
            guard let position = row.int64(0), let stream = row.string(1), let type = row.string(2), let on = day(row, 3),
                  let actor = row.string(4)
            else { return nil }
            return AdjustmentRow(position: position, stream: stream, type: type, occurredOn: on, actor: actor, reason: row.string(5))
        }
    }

    /// Every event that touches a person or community, in position order.
    ///
    /// - Throws: ``ProjectionError`` `.notFound` when no event names `subject`.
    public static func trail(connection: Connection, subject: String) throws -> [TrailEntry] {
        let rows = try connection.execute("""
            SELECT position, to_char(occurred_on, 'YYYY-MM-DD'),
                   to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   stream, type, event_id::text, actor, reason, post_close, voided_by, data::text, login, texts::text
              FROM mcledger.audit_trail
             WHERE subject = $1
             ORDER BY position
            """, [subject])
        let entries = rows.compactMap { row -> TrailEntry? in
            guard let position = row.int64(0), let on = day(row, 1), let recorded = row.string(2), let stream = row.string(3),
                  let type = row.string(4), let eventID = row.string(5), let actor = row.string(6), let data = row.string(10)
            else { return nil }
            return TrailEntry(
                position: position, occurredOn: on, recordedAt: recorded, stream: stream, type: type, eventID: eventID,
                actor: actor, login: row.string(11), reason: row.string(7), isPostCloseAdjustment: row.bool(8) ?? false, voidedBy: row.int64(9), data: data,
                texts: row.string(12)
            )
        }
        guard !entries.isEmpty else {
            throw ProjectionError(code: .notFound, message: "no event touches '\(subject)'; give a person or community id, e.g. c-latinx or f-okafor")
        }
        return entries
    }

    /// The events at `positions`, read from the log itself, as trail entries (for the
    /// corrections a student's record cites).
    public static func events(connection: Connection, at positions: [Int64]) throws -> [TrailEntry] {
        try EventStore(connection: connection).events(at: positions).compactMap { event in
            guard let on = try? Day(event.occurredOn) else { return nil }
            let metadata = (try? JSONSerialization.jsonObject(with: Data(event.metadata.utf8))) as? [String: Any]
            return TrailEntry(
                position: event.position, occurredOn: on, recordedAt: event.recordedAt, stream: event.stream.rawValue,
                type: event.type, eventID: event.eventID, actor: event.actor, login: event.login,
                reason: metadata.flatMap { FreeText.reason(metadata: $0, texts: event.textValues) },
                isPostCloseAdjustment: false, voidedBy: nil, data: event.data, texts: event.texts
            )
        }
    }

    private static func day(_ row: Row, _ column: Int) -> Day? { row.string(column).flatMap { try? Day($0) } }

    private static func id<T>(_ row: Row, _ column: Int, _ make: (String, String) throws -> T) -> T? {
        row.string(column).flatMap { try? make($0, "id") }
    }

    private static func step(_ row: Row, _ column: Int) -> StipendRow.Step? {
        guard let on = day(row, column), let position = row.int64(column + 1), let actor = row.string(column + 2) else { return nil }
        return StipendRow.Step(on: on, position: position, actor: actor)
    }
}
