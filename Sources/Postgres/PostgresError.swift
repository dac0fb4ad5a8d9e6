/// An error from PostgreSQL or from libpq, with everything the server said about it.
///
/// One struct for every failure so that callers switch on `kind` (did the statement fail,
/// or is the connection gone?) and on `code` (which SQLSTATE), never on message text.
///
/// Two renderings: ``description`` for people (what happened and what to do, with no
/// SQL, relation names, file paths or row contents from the server) and
/// ``debugDescription`` for logs (SQLSTATE, the server's message, detail, hint).
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// Whether the statement failed on a healthy connection, or the connection itself failed.
    public enum Kind: Sendable, Equatable {
        /// Connecting failed: the server is down, the socket is missing, or authentication failed.
        case connectionFailed
        /// The connection broke while a statement ran: its outcome is unknown.
        case connectionLost
        /// The server refused or failed the statement; the connection is still usable.
        case statement
        /// libpq returned something this module does not expect (a bug, or a protocol surprise).
        case unexpected
    }

    public var kind: Kind
    /// The SQLSTATE the server sent, when it sent one.
    public var code: SQLState?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    /// Where the connection went, for messages about an unreachable server.
    public var target: String?

    public init(
        kind: Kind, code: SQLState? = nil, message: String, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, target: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.target = target
    }

    /// True when the connection is gone and the caller should reconnect before retrying.
    public var isConnectionProblem: Bool {
        switch kind {
        case .connectionFailed, .connectionLost: true
        case .statement: code?.isConnectionClass ?? false
        case .unexpected: false
        }
    }

    /// The message for people. The ledger's own errors (SQLSTATE class `MC`) and libpq's
    /// connection failures were written to be read and are shown as they are; any other
    /// server error is named by what it means, since its text can quote SQL, relation
    /// names, file paths or values (its full form is ``debugDescription``).
    public var description: String {
        switch kind {
        case .connectionFailed, .connectionLost:
            return message
        case .unexpected:
            return "the database client failed unexpectedly (\(message))"
        case .statement:
            guard let code else { return "the database failed the statement; nothing was changed by it" }
            if code.isLedger { return hint.map { "\(message); \($0)" } ?? message }
            return "the database \(Self.meaning(of: code)) (SQLSTATE \(code.rawValue)); nothing was changed by it"
        }
    }

    /// Everything the server said, for logs: SQLSTATE, message, detail without row
    /// contents (``redactedDetail``), hint, constraint, and where the connection went.
    public var debugDescription: String {
        var text = message
        if let code { text = "\(code.rawValue): \(text)" }
        if let detail = redactedDetail { text += " (\(detail))" }
        if let hint { text += " Hint: \(hint)" }
        if let constraint { text += " [constraint \(constraint)]" }
        if let target, !message.contains(target) { text += " [at \(target)]" }
        return text
    }

    /// What a SQLSTATE means to the person whose command failed.
    private static func meaning(of code: SQLState) -> String {
        if code.isInsufficientResources { return "server is out of resources (disk, memory or connections); try again once it has room" }
        if code.isMissingSchema { return "schema is missing or out of date; run `mcledger db migrate`" }
        if code.isConnectionClass { return "connection failed; try again" }
        switch code {
        case .insufficientPrivilege: return "refused this login the privilege; ask an administrator for the role the command needs"
        case .lockNotAvailable, .queryCanceled: return "statement waited or ran too long and was cancelled; try again"
        case .serializationFailure, .deadlockDetected: return "statement collided with another writer; try again"
        default: return code.isDataClass ? "refused a value" : "failed the statement"
        }
    }
}
