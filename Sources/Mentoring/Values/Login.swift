/// The database login that recorded a write: the role its connection authenticated as
/// (`session_user`), written into the event by the server, never by the caller.
///
/// `--actor` is a display name anyone can type; the login is who the database let in. So
/// rules that need different people (STP-04) compare logins whenever both facts carry
/// one. A login acts as the program person whose id equals it exactly, as an actor does
/// (a login `f-okafor` is the faculty member `f-okafor`).
public struct Login: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The program person this login is, when the login is a person id.
    public var person: PersonID? { try? PersonID(rawValue) }

    public var description: String { rawValue }
}

/// Who recorded a write: the display name and, when known, the login behind it.
public struct Operator: Hashable, Sendable, CustomStringConvertible {
    public var actor: Actor
    /// Nil for events appended before the server recorded logins, and in pure tests.
    public var login: Login?

    public init(actor: Actor, login: Login? = nil) {
        self.actor = actor
        self.login = login
    }

    /// Whether two writes were made by the same person, as far as the ledger can tell:
    /// by their logins when both carry one (two logins are two people, whatever names
    /// they typed; one login is one person under any name), else by their actors.
    public func isSamePerson(as other: Operator) -> Bool {
        if let login, let otherLogin = other.login { return login == otherLogin }
        return actor == other.actor
    }

    /// Whether this operator is `person`: its login or its actor is that person's id.
    public func isPerson(_ person: PersonID) -> Bool {
        login?.person == person || actor.person == person
    }

    /// `ann`, or `Ann R. (login ann)` when the display name differs from the login.
    public var description: String {
        guard let login, login.rawValue != actor.rawValue else { return actor.rawValue }
        return "\(actor) (login \(login))"
    }
}
