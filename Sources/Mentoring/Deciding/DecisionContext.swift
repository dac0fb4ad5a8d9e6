/// The inputs of a decision that come from outside the streams.
///
/// The domain never reads a clock or the environment: the CLI's `--on`, `--actor` and
/// `--reason` arrive here, so that a decision is a pure function of its inputs and a
/// retried command decides the same way.
public struct DecisionContext: Hashable, Sendable {
    /// The business date of the write (`--on`, default today).
    public var occurredOn: Day
    /// Who issues it (`--actor`).
    public var actor: Actor
    /// The database login the write goes in under (the connection's `session_user`):
    /// the server records it with every event, so the separation of duties compares it.
    public var login: Login?
    /// `--reason`: required by some commands and by any write to a closed year.
    public var reason: String?

    public init(occurredOn: Day, actor: Actor, login: Login? = nil, reason: String? = nil) {
        self.occurredOn = occurredOn
        self.actor = actor
        self.login = login
        self.reason = reason
    }

    /// Who issues it: actor and login.
    public var issuer: Operator { Operator(actor: actor, login: login) }

    /// The reason, trimmed, or nil when none or only blanks were given.
    var givenReason: String? {
        guard let trimmed = reason?.trimmingBlanks, !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    ///
    /// Text with nothing to trim (nearly all of it) comes back as it is, without a copy:
    /// an import checks a name this way for every row.
    var trimmingBlanks: String {
        func isBlank(_ character: Character) -> Bool {
            character == " " || character == "\t" || character == "\n" || character == "\r"
        }
        if let first, let last, !isBlank(first), !isBlank(last) { return self }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
