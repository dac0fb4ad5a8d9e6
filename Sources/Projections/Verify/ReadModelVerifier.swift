public import EventStore
internal import Foundation
public import Mentoring
public import Postgres

/// One stored read-model row that is not what the log gives (`mcledger projections verify`).
public struct ReadModelDifference: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The log gives this row; the read model lacks it.
        case missing
        /// The read model holds a row the log does not give.
        case extra
        /// The row is there, one column differs.
        case changed
    }

    /// The read model as auditors query it (`roster_tenures`, `audit_stipends`, …).
    public var table: String
    /// The row's key columns, `community=c-latinx, role=student, …`.
    public var key: String
    public var kind: Kind
    /// The column that differs (`changed` only).
    public var column: String?
    public var stored: String?
    public var expected: String?

    public var description: String {
        switch kind {
        case .missing: "\(table) [\(key)]: missing (the log gives this row)"
        case .extra: "\(table) [\(key)]: extra (the log gives no such row)"
        case .changed: "\(table) [\(key)]: \(column ?? "?") stored \(Self.shown(stored)), expected \(Self.shown(expected))"
        }
    }

    static func shown(_ value: String?) -> String { value.map { "'\($0)'" } ?? "NULL" }
}

/// What `projections verify` found.
public struct ReadModelVerification: Sendable {
    /// The hash chain, verified first in the same snapshot.
    public var chain: VerificationReport
    /// The position each projector's stored rows describe (its checkpoint).
    public var checkpoints: [ProjectorName: Int64]
    /// Rows compared, stored and expected together.
    public var rowsCompared: Int
    /// Every difference, by table and key; empty when the read models are the log's.
    public var differences: [ReadModelDifference]

    /// The chain holds and every stored row is the one the log gives.
    public var holds: Bool { chain.isIntact && differences.isEmpty }
}

/// Rebuilds every read model in memory from the verified log, up to each projector's
/// checkpoint, and compares it with the stored rows (issue 12).
///
/// The rows come from the rebuild's own pass (``RebuildPass`` keeping its rows instead of
/// writing them), so the rules are the projectors' and no second implementation. The
/// stored rows are read through the auditors' views, in the snapshot the chain is
/// verified in, so any ledger role may run it and it writes nothing. Compliance is
/// evaluated per scope as of the day its stored evaluation names: a scope evaluated
/// yesterday is compared with yesterday's findings. The projector-leads helper table
/// (which communities to recompute) is not compared; it changes no row anyone reads.
public struct ReadModelVerifier {
    public let connection: Connection
    /// The day a scope with no stored evaluation is evaluated as of.
    public var today: Day

    public init(connection: Connection, today: Day) {
        self.connection = connection
        self.today = today
    }

    /// Verifies the chain, then every read model.
    ///
    /// - Throws: `PostgresError`, ``ProjectionError`` `.schemaMissing`.
    public func verify() throws -> ReadModelVerification {
        try connection.withTransaction(isolation: "REPEATABLE READ", readOnly: true) { db in
            let chain = try EventStore(connection: db).verify()
            guard chain.isIntact else {
                return ReadModelVerification(chain: chain, checkpoints: [:], rowsCompared: 0, differences: [])
            }
            try db.simpleQuery("SET LOCAL DateStyle = ISO")
            var checkpoints: [ProjectorName: Int64] = [:]
            for status in try ProjectionRunner.status(connection: db) { checkpoints[status.projector] = status.checkpoint }
            guard checkpoints.count == ProjectorName.allCases.count else {
                throw ProjectionError(code: .schemaMissing, message: "the projection tables are missing; run `mcledger db migrate`")
            }
            // Rows folded from events the log no longer holds: nothing to rebuild them from.
            let beyond = ProjectorName.allCases.filter { checkpoints[$0]! > chain.lastPosition }
            guard beyond.isEmpty else {
                return ReadModelVerification(chain: chain, checkpoints: checkpoints, rowsCompared: 0, differences: beyond.map { projector in
                    ReadModelDifference(
                        table: "projection_checkpoints", key: "projector=\(projector)", kind: .changed, column: "position",
                        stored: String(checkpoints[projector]!), expected: "at most the log's last position, \(chain.lastPosition)"
                    )
                })
            }
            var days: [String: Day] = [:]
            for row in try db.execute("SELECT scope, max(evaluated_on)::text FROM mcledger.compliance_evaluations GROUP BY scope") {
                if let scope = row.string(0), let day = row.string(1).flatMap({ try? Day($0) }) { days[scope] = day }
            }
            var expected: [String: [[String?]]] = [:]
            var quarantined: [QuarantinedEvent] = []
            let lowest = checkpoints.values.min() ?? 0
            // One pass per distinct checkpoint (normally one: every projector at the head).
            for through in Set(checkpoints.values).sorted() {
                let runner = ProjectionRunner(connection: db, today: today)
                var targets: [ProjectorName: Generation] = [:]
                for (projector, position) in checkpoints where position == through { targets[projector] = .a }
                var pass = RebuildPass(runner: runner, targets: targets, chunkSize: 20_000, shouldContinue: { true })
                pass.through = through
                pass.evaluationDay = { [days, today] scope in days[scope] ?? today }
                pass.keeping = true
                _ = try pass.run()
                for (table, rows) in pass.kept { expected[Self.readModel(table), default: []] += rows }
                let met = runner.reader.quarantine.drain()
                if through == lowest { quarantined = met }
            }
            var compared = 0
            var differences: [ReadModelDifference] = []
            for model in ReadModel.all {
                let stored = try model.stored(db)
                let wanted = model.expected(expected[model.table] ?? [])
                compared += stored.count + wanted.count
                differences += model.compare(stored: stored, expected: wanted)
            }
            let quarantine = ReadModel.quarantine
            let stored = try db.execute(
                "SELECT position::text, event_id::text, stream, type, schema_version::text FROM mcledger.quarantined_events WHERE position <= $1",
                [lowest]
            ).map { row in (0..<5).map { row.string($0) } }
            let wanted = quarantined.map { [String($0.position), $0.eventID, $0.stream, $0.type, String($0.schemaVersion)] as [String?] }
            compared += stored.count + wanted.count
            differences += quarantine.compare(stored: stored, expected: wanted)
            return ReadModelVerification(chain: chain, checkpoints: checkpoints, rowsCompared: compared, differences: differences)
        }
    }

    /// `mcledger.roster_tenures_a` → `roster_tenures`.
    static func readModel(_ table: String) -> String {
        var name = table.hasPrefix("mcledger.") ? String(table.dropFirst("mcledger.".count)) : table
        if name.hasSuffix("_a") || name.hasSuffix("_b") { name.removeLast(2) }
        return name
    }
}

/// One read model as compared: where its stored rows are read, its columns in the
/// order of ``RowEncoding``, and the columns that identify a row.
struct ReadModel {
    /// The base table's name without generation (the rebuild's rows are keyed by it).
    var table: String
    /// The view auditors read it through.
    var view: String
    var columns: [String]
    var key: [String]

    static let all: [ReadModel] = [
        ReadModel(table: "roster_communities", columns: RowEncoding.communityColumns, key: ["community", "epoch_from"]),
        ReadModel(table: "roster_tenures", columns: RowEncoding.tenureColumns, key: ["community", "role", "person", "start_position", "epoch_from"]),
        ReadModel(table: "compliance_findings", columns: RowEncoding.findingColumns, key: ["year", "scope", "rule", "community", "person"]),
        ReadModel(table: "compliance_evaluations", columns: RowEncoding.evaluationColumns, key: ["year", "scope"]),
        ReadModel(table: "audit_stipends", columns: RowEncoding.stipendColumns, key: ["community", "year", "payee", "requested_position"]),
        ReadModel(table: "audit_exceptions", columns: RowEncoding.exceptionColumns, key: ["kind", "community", "person", "position"]),
        ReadModel(table: "audit_corrections", view: "audit_corrections_all", columns: RowEncoding.correctionColumns, key: ["position"]),
        ReadModel(table: "audit_adjustments", columns: RowEncoding.adjustmentColumns, key: ["position"]),
        // Stored as runs of positions (schema/004), whose cut depends on the batches;
        // compared as the (subject, position) pairs the view yields.
        ReadModel(table: "audit_subjects", view: "audit_subjects", columns: "subject, position", key: ["subject", "position"]),
    ]

    /// The events projectors set aside, compared by what identifies them (the problem's
    /// wording may change with the build).
    static let quarantine = ReadModel(
        table: "projection_quarantine", view: "quarantined_events", columns: "position, event_id, stream, type, schema_version", key: ["position"]
    )

    init(table: String, view: String? = nil, columns: String, key: [String]) {
        self.table = table
        self.view = view ?? table
        self.columns = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        self.key = key
    }

    /// The active generation's rows, each column as text the way ``RowEncoding`` spells it.
    func stored(_ db: Connection) throws -> [[String?]] {
        let select = columns.map { column in
            column == "post_close" ? "CASE WHEN post_close THEN 't' ELSE 'f' END" : "\(column)::text"
        }.joined(separator: ", ")
        return try db.execute("SELECT \(select) FROM mcledger.\(view)").map { row in
            var fields: [String?] = []
            for index in columns.indices { fields.append(normalized(columns[index], row.string(index))) }
            return fields
        }
    }

    /// The rebuild's rows of this table, as compared.
    func expected(_ rows: [[String?]]) -> [[String?]] {
        guard table == "audit_subjects" else {
            return rows.map { row in
                var fields: [String?] = []
                for index in columns.indices { fields.append(normalized(columns[index], row[index])) }
                return fields
            }
        }
        // (subject, first_position, "{p1,p2,…}") → one (subject, position) per position.
        var pairs: [[String?]] = []
        for row in rows {
            let positions = (row[2] ?? "{}").dropFirst().dropLast().split(separator: ",")
            for position in positions { pairs.append([row[0], String(position)]) }
        }
        return pairs
    }

    /// jsonb comes back in the server's spelling: both sides are compared re-encoded.
    private func normalized(_ column: String, _ value: String?) -> String? {
        guard column == "anomalies", let value,
              let object = try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return value }
        return String(decoding: data, as: UTF8.self)
    }

    /// Every difference between the two multisets of rows: rows equal on both sides
    /// match; of the rest, rows with the same key are paired in order and their columns
    /// compared; what is left is missing or extra.
    func compare(stored: [[String?]], expected: [[String?]]) -> [ReadModelDifference] {
        let extra = Self.surplus(stored, over: expected)
        let missing = Self.surplus(expected, over: stored)
        var keyIndexes: [Int] = []
        for column in key { if let index = columns.firstIndex(of: column) { keyIndexes.append(index) } }
        // Plain loops: the Swift 6.3.1 optimizer crashes on some closures nested in closures.
        func keyOf(_ row: [String?]) -> String {
            var parts: [String] = []
            for index in keyIndexes { parts.append("\(columns[index])=\(row[index] ?? "NULL")") }
            return parts.joined(separator: ", ")
        }
        var byKey: [String: [[String?]]] = [:]
        for row in missing { byKey[keyOf(row), default: []].append(row) }
        var differences: [ReadModelDifference] = []
        for row in extra.sorted(by: Self.ordered) {
            let key = keyOf(row)
            guard var candidates = byKey[key], !candidates.isEmpty else {
                differences.append(ReadModelDifference(table: table, key: key, kind: .extra))
                continue
            }
            let partner = candidates.removeFirst()
            byKey[key] = candidates
            for index in columns.indices where row[index] != partner[index] {
                differences.append(ReadModelDifference(
                    table: table, key: key, kind: .changed, column: columns[index], stored: row[index], expected: partner[index]
                ))
            }
        }
        for (key, rows) in byKey.sorted(by: { $0.key < $1.key }) {
            for _ in rows { differences.append(ReadModelDifference(table: table, key: key, kind: .missing)) }
        }
        return differences
    }

    /// The rows of `rows` left over once each is matched with an equal row of `other`.
    private static func surplus(_ rows: [[String?]], over other: [[String?]]) -> [[String?]] {
        var available: [String: Int] = [:]
        for row in other { available[identity(row), default: 0] += 1 }
        var left: [[String?]] = []
        for row in rows {
            let identity = identity(row)
            if let count = available[identity], count > 0 {
                available[identity] = count - 1
            } else {
                left.append(row)
            }
        }
        return left
    }

    private static func identity(_ row: [String?]) -> String {
        row.map { $0.map { "+" + $0 } ?? "-" }.joined(separator: "\u{1F}")
    }

    private static func ordered(_ left: [String?], _ right: [String?]) -> Bool {
        identity(left) < identity(right)
    }
}
