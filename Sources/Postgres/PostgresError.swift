/// An error from PostgreSQL or from libpq, with everything the server said about it.
///
/// One struct for every failure so that callers switch on `kind` (did the statement fail,
/// or is the connection gone?) and on `code` (which SQLSTATE), never on message text.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
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

    /// The message for people: SQLSTATE, message, detail without row contents
    /// (``redactedDetail``), hint.
    public var description: String {
        var text = message
        if let code { text = "\(code.rawValue): \(text)" }
        if let detail = redactedDetail { text += " (\(detail))" }
        if let hint { text += " Hint: \(hint)" }
        return text
    }
}
