internal import EventStore
internal import Foundation
public import Mentoring
public import Postgres

/// The record of disclosures (FERPA 99.32): appends `RecordsDisclosed` through
/// `mcledger.record_disclosure()` (schema/014) and lists the disclosures stream.
///
/// Call ``record(_:on:)`` inside the transaction that read the records it describes,
/// and print or write them only after that transaction commits: if the record cannot be
/// appended, the transaction rolls back and nothing leaves the database.
public struct DisclosureLog {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Appends one disclosure and returns its position.
    ///
    /// - Parameter day: the business date (the CLI's today, `$MCLEDGER_TODAY` in a rehearsal).
    /// - Throws: ``LedgerError`` `.disclosureNotRecorded` when this login may not record
    ///   a disclosure (no EXECUTE on the function) or the server refused it;
    ///   `EventStoreError` for a missing schema or an unavailable database.
    @discardableResult
    public func record(_ disclosure: RecordsDisclosed, on day: Day) throws -> Int64 {
        let students = "[" + disclosure.students.map { JSONText.quote($0.rawValue) }.joined(separator: ",") + "]"
        do {
            let row = try connection.execute(
                "SELECT mcledger.record_disclosure($1, $2, $3, $4::jsonb, $5, $6::date)",
                [disclosure.recipient, disclosure.purpose, disclosure.scope, students, disclosure.output.rawValue, day.description]
            ).first
            return row?.int64(0) ?? 0
        } catch let error as PostgresError {
            if error.code == .insufficientPrivilege {
                throw LedgerError(
                    code: .disclosureNotRecorded,
                    message: "this login may not record a disclosure (\(error.message)), so the \(disclosure.output) was not shown or written; a login needs the writer, auditor or reporter role (`mcledger db grant LOGIN auditor`)"
                )
            }
            if error.isConnectionProblem || error.code == .undefinedFunction || error.code == .undefinedTable {
                throw storeError(error)
            }
            throw LedgerError(
                code: .disclosureNotRecorded,
                message: "the disclosure could not be recorded (\(error.message)), so the \(disclosure.output) was not shown or written"
            )
        }
    }

    /// One recorded disclosure, as `audit disclosures` lists it.
    public struct Entry: Sendable, Hashable {
        public var position: Int64
        public var occurredOn: String
        public var recordedAt: String
        public var login: String?
        public var actor: String
        public var recipient: String
        public var purpose: String
        public var scope: String
        public var students: [String]
        public var output: String
    }

    /// The disclosures, oldest first: every one, or those naming `student`, or those
    /// dated on or after `since`.
    ///
    /// Reads the `disclosures` stream through its (stream, version) key, so the rest of
    /// the log is never scanned; schema/014 keeps every `RecordsDisclosed` on it.
    public func list(student: PersonID? = nil, since: Day? = nil) throws -> [Entry] {
        let rows: QueryResult
        do {
            rows = try connection.execute("""
                SELECT position, to_char(occurred_on, 'YYYY-MM-DD'), to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), login, actor,
                       data->>'recipient', data->>'purpose', data->>'scope', (data->'students')::text, data->>'output'
                  FROM mcledger.events
                 WHERE stream = 'disclosures' AND type = 'RecordsDisclosed'
                   AND ($1::text IS NULL OR data->'students' ? $1::text)
                   AND ($2::date IS NULL OR occurred_on >= $2::date)
                 ORDER BY version
                """, [student?.rawValue, since?.description])
        } catch let error as PostgresError {
            throw storeError(error)
        }
        return rows.map { row in
            let students = row.string(8).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
            return Entry(
                position: row.int64(0) ?? 0, occurredOn: row.string(1) ?? "", recordedAt: row.string(2) ?? "",
                login: row.string(3), actor: row.string(4) ?? "", recipient: row.string(5) ?? "",
                purpose: row.string(6) ?? "", scope: row.string(7) ?? "", students: students, output: row.string(9) ?? ""
            )
        }
    }
}

extension DisclosureLog {
    /// The ids among `candidates` that are registered students, sorted.
    ///
    /// An output discloses a student's records when it names the student; a trail's
    /// payloads name communities, faculty and residents too, so the registrations decide.
    /// Reads only the candidates' person streams, by their (stream, version) key.
    public func registeredStudents(among candidates: some Sequence<String>) throws -> [PersonID] {
        let streams = Set(candidates.compactMap { try? PersonID($0) }).map { StreamName.person($0).rawValue }
        guard !streams.isEmpty else { return [] }
        let rows: QueryResult
        do {
            rows = try connection.execute("""
                SELECT DISTINCT data->>'person' FROM mcledger.events
                 WHERE stream = ANY($1::text[]) AND type = 'PersonRegistered' AND data->>'role' = 'student'
                """, ["{" + streams.map { "\"\($0)\"" }.joined(separator: ",") + "}"])
        } catch let error as PostgresError {
            throw storeError(error)
        }
        return rows.compactMap { $0.string(0).flatMap { try? PersonID($0) } }.sorted { $0.rawValue < $1.rawValue }
    }

    /// Every string in a JSON payload that could be an id, for ``registeredStudents(among:)``.
    public static func identifiers(inJSON text: String) -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { return [] }
        var found: [String] = []
        var pending: [Any] = [value]
        while let next = pending.popLast() {
            switch next {
            case let string as String: found.append(string)
            case let array as [Any]: pending.append(contentsOf: array)
            case let object as [String: Any]: pending.append(contentsOf: Array(object.values))
            default: break
            }
        }
        return found
    }
}
