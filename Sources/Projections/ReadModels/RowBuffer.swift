internal import Foundation
internal import Mentoring
internal import Postgres

/// Rows waiting to be written, per table, sent with one COPY per table.
///
/// COPY is the fastest way in for a rebuild's million rows and costs no more than an
/// INSERT for a batch's dozen, so both paths write through it.
struct RowBuffer {
    private var tables: [(table: String, columns: String, rows: [[String?]])] = []
    private var index: [String: Int] = [:]

    var isEmpty: Bool { tables.allSatisfy(\.rows.isEmpty) }

    mutating func add(_ table: String, _ columns: String, _ fields: [String?]) {
        if let at = index[table] {
            tables[at].rows.append(fields)
        } else {
            index[table] = tables.count
            tables.append((table, columns, [fields]))
        }
    }

    /// Hands every buffered row to `body` with its table, and empties the buffer.
    mutating func drain(_ body: (_ table: String, _ row: [String?]) -> Void) {
        for entry in tables {
            for row in entry.rows { body(entry.table, row) }
        }
        tables.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
    }

    /// Writes every buffered row and empties the buffer.
    mutating func flush(_ connection: Connection) throws {
        for entry in tables where !entry.rows.isEmpty {
            try connection.copyIn("COPY \(entry.table) (\(entry.columns)) FROM STDIN") { writer in
                for row in entry.rows { try writer.append(row) }
            }
        }
        tables.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
    }
}

/// The COPY text fields of each row type, in the column order of schema/003.
enum RowEncoding {
    static let communityColumns = "community, name, focus, established_on, established_position, retired_on, retired_position, retired_reason, epoch_from, epoch_to"
    static func fields(_ row: CommunityRow) -> [String?] {
        [row.community.rawValue, row.name, row.focus.rawValue, row.establishedOn.description, String(row.establishedPosition),
         row.retiredOn?.description, row.retiredPosition.map(String.init), row.retiredReason,
         row.epochFrom?.description, row.epochTo?.description]
    }

    static let tenureColumns = "community, role, person, since, until, start_position, end_position, exception, dei_approval, sa_approval, epoch_from, epoch_to"
    static func fields(_ row: TenureRow) -> [String?] {
        [row.community.rawValue, row.role.rawValue, row.person.rawValue, row.since.description, row.until?.description,
         String(row.startPosition), row.endPosition.map(String.init), row.exception, row.deiApproval, row.saApproval,
         row.epochFrom?.description, row.epochTo?.description]
    }

    static let subjectColumns = "subject, first_position, positions"
    static func fields(subject: String, positions: [Int64]) -> [String?] {
        [subject, String(positions[0]), "{" + positions.map(String.init).joined(separator: ",") + "}"]
    }

    static let findingColumns = "year, scope, rule, community, person, severity, message, evidence"
    static func fields(_ finding: Finding, year: AcademicYear, scope: String) -> [String?] {
        [year.description, scope, finding.rule.rawValue, finding.community?.rawValue, finding.person?.rawValue,
         finding.severity.rawValue, finding.message, "{" + finding.evidence.map(String.init).joined(separator: ",") + "}"]
    }

    static let evaluationColumns = "year, scope, evaluated_on, latest_on"
    static func fields(_ evaluation: ComplianceModel.Evaluation) -> [String?] {
        [evaluation.year.description, evaluation.scope, evaluation.evaluatedOn.description, evaluation.latestOn.description]
    }

    static let stipendColumns = """
        community, year, payee, amount_cents, status, requested_on, requested_position, requested_by, \
        approved_on, approved_position, approved_by, waiver, paid_on, paid_position, paid_by, paid_cents, reference, \
        reversed_on, reversed_position, reversed_by, reversed_reason, anomalies
        """
    static func fields(_ row: StipendRow) -> [String?] {
        [row.community.rawValue, row.year.description, row.payee.rawValue, String(row.amount.value), row.status.rawValue]
            + step(row.requested) + step(row.approved) + [row.waiver] + step(row.paid)
            + [row.paidAmount.map { String($0.value) }, row.reference] + step(row.reversed) + [row.reversedReason, anomalies(row.anomalies)]
    }

    static let exceptionColumns = "kind, community, person, year, since, until, justification, position, actor"
    static func fields(_ row: ExceptionRow) -> [String?] {
        [row.kind.rawValue, row.community.rawValue, row.person.rawValue, row.year?.description, row.since.description,
         row.until?.description, row.justification, String(row.position), row.actor]
    }

    static let correctionColumns = "position, stream, occurred_on, actor, reason, voids_event_id, voided_type, post_close"
    static func fields(_ row: CorrectionRow) -> [String?] {
        [String(row.position), row.stream, row.occurredOn.description, row.actor, row.reason, row.voidsEventID,
         row.voidedType, row.isPostCloseAdjustment ? "t" : "f"]
    }

    static let adjustmentColumns = "position, stream, type, occurred_on, actor, reason"
    static func fields(_ row: AdjustmentRow) -> [String?] {
        [String(row.position), row.stream, row.type, row.occurredOn.description, row.actor, row.reason]
    }

    private static func step(_ step: StipendRow.Step?) -> [String?] {
        guard let step else { return [nil, nil, nil] }
        return [step.on.description, String(step.position), step.actor]
    }

    /// `[{"rule": …, "message": …}]`, sorted keys, for the jsonb column.
    static func anomalies(_ anomalies: [StipendAudit.Anomaly]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(anomalies)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
