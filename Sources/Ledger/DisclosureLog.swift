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
                    message: "this login may not record a disclosure, so the \(disclosure.output) was not shown or written; a login needs the writer, auditor or reporter role (`mcledger db grant LOGIN auditor`)",
                    underlying: error
                )
            }
            if error.isConnectionProblem || error.code?.isMissingSchema == true {
                throw storeError(error)
            }
            throw LedgerError(
                code: .disclosureNotRecorded,
                message: "the disclosure could not be recorded (\(error.description)), so the \(disclosure.output) was not shown or written",
                underlying: error
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
        try EventStore(connection: connection).read(stream: "disclosures").events.compactMap { event in
            guard event.type == RecordsDisclosed.typeName,
                  let data = (try? JSONSerialization.jsonObject(with: Data(event.data.utf8))) as? [String: Any]
            else { return nil }
            let students = data["students"] as? [String] ?? []
            if let student, !students.contains(student.rawValue) { return nil }
            if let since, let on = try? Day(event.occurredOn), on < since { return nil }
            return Entry(
                position: event.position, occurredOn: event.occurredOn, recordedAt: event.recordedAt,
                login: event.login, actor: event.actor, recipient: data["recipient"] as? String ?? "",
                purpose: data["purpose"] as? String ?? "", scope: data["scope"] as? String ?? "", students: students,
                output: data["output"] as? String ?? ""
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
        let people = Set(candidates.compactMap { try? PersonID($0) })
        guard !people.isEmpty else { return [] }
        var students: Set<String> = []
        let slices = try EventStore(connection: connection).read(streams: people.map { .init(Mentoring.StreamName.person($0).rawValue) })
        for slice in slices.values {
            for event in slice.events where event.type == PersonRegistered.typeName {
                guard let data = (try? JSONSerialization.jsonObject(with: Data(event.data.utf8))) as? [String: Any],
                      data["role"] as? String == "student", let person = data["person"] as? String
                else { continue }
                students.insert(person)
            }
        }
        return students.compactMap { try? PersonID($0) }.sorted { $0.rawValue < $1.rawValue }
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
