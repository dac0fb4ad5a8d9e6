/// A five-character SQLSTATE code: an open set, so codes we never named still round-trip.
///
/// The named constants are the ones this project maps at its boundary; anything else is
/// kept as the server sent it. See PostgreSQL's "Appendix A. Error Codes".
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// The two-character class, e.g. `23` for integrity constraint violations.
    public var errorClass: Substring { rawValue.prefix(2) }

    /// Class 08 (connection exception) and the shutdown codes of class 57.
    public var isConnectionClass: Bool {
        errorClass == "08" || self == .adminShutdown || self == .crashShutdown || self == .cannotConnectNow
    }

    public static let uniqueViolation = SQLState("23505")
    public static let foreignKeyViolation = SQLState("23503")
    public static let checkViolation = SQLState("23514")
    public static let notNullViolation = SQLState("23502")
    public static let insufficientPrivilege = SQLState("42501")
    public static let undefinedTable = SQLState("42P01")
    public static let undefinedFunction = SQLState("42883")
    public static let invalidTextRepresentation = SQLState("22P02")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    public static let lockNotAvailable = SQLState("55P03")
    public static let queryCanceled = SQLState("57014")
    public static let adminShutdown = SQLState("57P01")
    public static let crashShutdown = SQLState("57P02")
    public static let cannotConnectNow = SQLState("57P03")
    public static let diskFull = SQLState("53100")
    public static let raiseException = SQLState("P0001")
    public static let idleInTransactionTimeout = SQLState("25P03")
    public static let invalidDatetimeFormat = SQLState("22007")
    public static let datetimeFieldOverflow = SQLState("22008")
    public static let invalidSchemaName = SQLState("3F000")

    /// Class 53, insufficient resources: a full disk, memory, too many connections.
    public var isInsufficientResources: Bool { errorClass == "53" }

    /// The schema (a table, a function, the schema itself) is missing: a migration has
    /// not run.
    public var isMissingSchema: Bool {
        self == .undefinedTable || self == .undefinedFunction || self == .invalidSchemaName
    }

    /// Class 22 (data exception) or 23 (integrity constraint violation): a value refused.
    public var isDataClass: Bool { errorClass == "22" || errorClass == "23" }

    /// One of the ledger's own codes (`MCL01`–`MCL07`), whose messages schema/ wrote for
    /// people to read.
    public var isLedger: Bool { rawValue.hasPrefix("MCL") }

    // The ledger's own codes, raised by the functions of schema/ (class MCL).

    /// schema/001: an expected stream version did not match (DETAIL: the JSON conflict).
    public static let ledgerConcurrencyConflict = SQLState("MCL01")
    /// schema/001: a command id reused for a different command.
    public static let ledgerCommandIDReused = SQLState("MCL02")
    /// schema/001: an UPDATE, DELETE or TRUNCATE of recorded events.
    public static let ledgerImmutable = SQLState("MCL03")
    /// schema/001: malformed events or metadata.
    public static let ledgerInvalidInput = SQLState("MCL04")
    /// schema/006: the server or session could lose an acknowledged event.
    public static let ledgerNotDurable = SQLState("MCL05")
    /// schema/009: an event type, version or payload the registry does not accept.
    public static let ledgerUnknownEventType = SQLState("MCL06")
    /// schema/010: a stored date the canonical form cannot write (BC, infinity).
    public static let ledgerNonCanonicalDate = SQLState("MCL07")
}
