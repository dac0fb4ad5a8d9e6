public import Postgres
internal import Foundation

/// Two writers decided on the same stream version: the later one must re-read and re-decide.
public struct ConcurrencyConflict: Sendable, Equatable, CustomStringConvertible {
    public var stream: StreamName
    public var expected: Int
    public var actual: Int

    public init(stream: StreamName, expected: Int, actual: Int) {
        self.stream = stream
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "stream \(stream) moved on: expected version \(expected), found \(actual)"
    }
}

/// Why an event-store operation failed, with a message that says what to do.
///
/// SQLSTATEs are mapped to codes here, once, at the boundary: callers switch on `code`.
/// ``description`` is for people (no SQL, relation names or values from the server);
/// ``debugDescription`` adds the cause, for logs. Advice that names an input (the command
/// id) is kept apart in ``advice``, so a front end can name it its own way.
public struct EventStoreError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// An open set of failure codes.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// An expected stream version did not match; nothing was written.
        public static let concurrencyConflict = Code(rawValue: "concurrency-conflict")
        /// A command id was used before for a different command; nothing was written.
        public static let commandIDReused = Code(rawValue: "command-id-reused")
        /// The database cannot be reached; nothing was written.
        public static let unavailable = Code(rawValue: "database-unavailable")
        /// The connection broke during the append: it may or may not have committed.
        public static let outcomeUnknown = Code(rawValue: "outcome-unknown")
        /// The events or metadata are malformed (bad JSON, an empty list, …).
        public static let invalidInput = Code(rawValue: "invalid-input")
        /// Something tried to change or delete recorded events.
        public static let immutable = Code(rawValue: "immutable")
        /// The schema is missing or older than this program: run `mcledger db migrate`.
        public static let schemaMissing = Code(rawValue: "schema-missing")
        /// A lock could not be had in time, or a statement ran past its timeout; nothing
        /// was written and the connection is still usable.
        public static let timedOut = Code(rawValue: "timed-out")
        /// The server or session could lose an acknowledged event in a crash (`fsync` off,
        /// `synchronous_commit` off or local): the ledger refuses to append (schema/006).
        public static let notDurable = Code(rawValue: "not-durable")
        /// The log no longer holds what its Merkle tree integrated (a gap, a cut tail):
        /// someone bypassed the triggers (schema/007).
        public static let logTampered = Code(rawValue: "log-tampered")
        /// Any other database failure.
        public static let database = Code(rawValue: "database")
    }

    /// What to do next, when it concerns the command id.
    public enum Advice: Sendable, Equatable {
        /// The id belongs to another command: give the new one a new id.
        case newCommandID
        /// The outcome is unknown: repeat the command with this id (nil: the write had
        /// none, so the log must be read first).
        case retry(commandID: String?)

        /// The advice in words.
        public var words: String {
            switch self {
            case .newCommandID: "use a new command id for a new command"
            case .retry(let id?): "retry with the same command id (\(id)): it appends only if the first attempt did not"
            case .retry(nil): "check the ledger's events before retrying"
            }
        }
    }

    public var code: Code
    /// What happened, safe to show.
    public var message: String
    public var advice: Advice?
    public var conflict: ConcurrencyConflict?
    /// The failure this one stands for (a ``PostgresError`` from the store's SQL).
    public var underlying: (any Error)?

    public init(code: Code, message: String, advice: Advice? = nil, conflict: ConcurrencyConflict? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.advice = advice
        self.conflict = conflict
        self.underlying = underlying
    }

    /// The server's error behind this one, when there is one.
    public var postgres: PostgresError? { underlying as? PostgresError }

    public var description: String { advice.map { "\(message); \($0.words)" } ?? message }

    /// The code, the message and the cause chain with the server's full report.
    public var debugDescription: String {
        "\(code.rawValue): \(description)" + (underlying.map { "\n  caused by: \(String(reflecting: $0))" } ?? "")
    }

    /// Maps a PostgreSQL error raised by the store's SQL to a store error.
    ///
    /// - Parameter duringAppend: a lost connection during an append leaves its outcome unknown.
    static func from(_ error: PostgresError, duringAppend: Bool = false, commandID: String? = nil) -> EventStoreError {
        switch error.code {
        case .ledgerConcurrencyConflict:
            let conflict = parseConflict(error.detail)
            return EventStoreError(code: .concurrencyConflict, message: error.message, conflict: conflict, underlying: error)
        case .uniqueViolation where error.constraint == "events_stream_version_key":
            return EventStoreError(
                code: .concurrencyConflict,
                message: "concurrency conflict: another writer appended to the same stream version",
                underlying: error
            )
        case .ledgerCommandIDReused:
            return EventStoreError(code: .commandIDReused, message: error.message, advice: .newCommandID, underlying: error)
        case .ledgerImmutable:
            return EventStoreError(code: .immutable, message: error.message, underlying: error)
        case .ledgerNotDurable:
            let hint = error.hint.map { "; \($0)" } ?? ""
            return EventStoreError(code: .notDurable, message: error.message + hint + "; nothing was written", underlying: error)
        case .ledgerUnknownEventType:
            // schema/009: a type, version or payload the ledger's registry does not accept.
            return EventStoreError(code: .invalidInput, message: "event refused by the ledger: \(error.message); nothing was written", underlying: error)
        case .ledgerNonCanonicalDate:
            // schema/010: a stored date the canonical form cannot write (BC, infinity).
            let hint = error.hint.map { "; \($0)" } ?? ""
            return EventStoreError(code: .logTampered, message: error.message + hint, underlying: error)
        case .ledgerInvalidInput:
            return EventStoreError(code: .invalidInput, message: "invalid event: \(error.message)", underlying: error)
        case .invalidTextRepresentation, .invalidDatetimeFormat, .datetimeFieldOverflow, .checkViolation, .notNullViolation:
            // The server's text quotes the value and the column: the log has it.
            return EventStoreError(code: .invalidInput, message: "invalid event: the database refused a value in it; nothing was written", underlying: error)
        case let code? where code.isInsufficientResources:
            // Class 53, insufficient resources: a full disk, memory, too many connections.
            return EventStoreError(
                code: .unavailable,
                message: "the database server is out of resources (disk, memory or connections); nothing was written, try again once it has room",
                underlying: error
            )
        case .lockNotAvailable, .queryCanceled:
            return EventStoreError(
                code: .timedOut,
                message: "the ledger is busy (\(error.message)); nothing was written, try again",
                underlying: error
            )
        case let code? where code.isMissingSchema:
            return EventStoreError(
                code: .schemaMissing,
                message: "the ledger schema is missing or out of date; run `mcledger db migrate`",
                underlying: error
            )
        default:
            break
        }
        switch error.kind {
        case .connectionFailed:
            return EventStoreError(code: .unavailable, message: error.message, underlying: error)
        case .connectionLost where duringAppend:
            return outcomeUnknown(error, commandID: commandID)
        case .connectionLost:
            return EventStoreError(code: .unavailable, message: error.message, underlying: error)
        case .statement, .unexpected:
            return EventStoreError(code: .database, message: error.description, underlying: error)
        }
    }

    /// The connection broke after an append was sent and before its answer arrived: it may
    /// have committed or not, and only a retry under the same command id can tell.
    public static func outcomeUnknown(_ error: PostgresError, commandID: String?) -> EventStoreError {
        // libpq's text runs over several tab-indented lines; its first says what happened.
        let cause = error.message.split(separator: "\n").first.map(String.init) ?? error.message
        return EventStoreError(
            code: .outcomeUnknown,
            message: "outcome unknown: the connection was lost before the database answered (\(cause))",
            advice: .retry(commandID: commandID),
            underlying: error
        )
    }

    private static func parseConflict(_ detail: String?) -> ConcurrencyConflict? {
        // DETAIL is the JSON object {"stream": …, "expected": n, "actual": n} written by mcledger.append.
        guard let detail,
              let object = try? JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any],
              let stream = object["stream"] as? String,
              let expectedValue = (object["expected"] as? NSNumber)?.intValue,
              let actualValue = (object["actual"] as? NSNumber)?.intValue
        else { return nil }
        return ConcurrencyConflict(stream: StreamName(stream), expected: expectedValue, actual: actualValue)
    }
}
