public import Foundation
public import Mentoring

/// Who writes, when the thing happened, why, and under which idempotency key: everything
/// of a write that is not the command itself.
///
/// The CLI fills it from `--actor`, `--on`, `--reason` and `--command-id`; the domain
/// never reads a clock or the environment, so these arrive as values.
public struct WriteRequest: Sendable, Hashable {
    /// `--actor`, the display name recorded with every event; empty means the database
    /// login. The separation of duties compares the login the server records, not this.
    public var actor: String
    /// `--on`: the business date of the write.
    public var occurredOn: Day
    /// `--reason`, stored in the events' metadata.
    public var reason: String?
    /// `--command-id`: the same id again returns the first outcome and writes nothing.
    /// Nil lets the handler choose one, so that a write whose outcome is unknown can
    /// still be retried safely with the id the error message names.
    public var commandID: String?
    public var correlationID: UUID?

    public init(actor: String, occurredOn: Day, reason: String? = nil, commandID: String? = nil, correlationID: UUID? = nil) {
        self.actor = actor
        self.occurredOn = occurredOn
        self.reason = reason
        self.commandID = commandID
        self.correlationID = correlationID
    }

    /// The reason without surrounding blanks, nil when none or only blanks were given.
    var givenReason: String? {
        guard let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    var context: DecisionContext {
        DecisionContext(occurredOn: occurredOn, actor: Actor(actor), reason: givenReason)
    }
}
