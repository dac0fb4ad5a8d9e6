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
