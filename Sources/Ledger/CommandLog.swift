internal import EventStore
internal import Postgres

/// Answers "was this command id recorded, and what did it append?" before deciding.
///
/// The append function checks command ids too, but only once a decision exists: a
/// repeated `student join` would be refused by the rules (the student is already a
/// member) before reaching it. So the handler asks first, and again after a refusal, in
/// case the same command committed in another process in between.
struct CommandLog {
    let connection: Connection
    let store: EventStore

    /// The first outcome of `commandID`, nil when the id is new.
    ///
    /// - Throws: `EventStoreError.commandIDReused` when the id stands for another command.
    func outcome(of commandID: String, fingerprint: String, keepEvents: Bool = true) throws -> WriteOutcome? {
        guard keepEvents else {
            return try store.range(ofCommand: commandID, fingerprint: fingerprint).map { range in
                WriteOutcome(range: range, commandID: commandID, attempts: 1)
            }
        }
        return try store.outcome(ofCommand: commandID, fingerprint: fingerprint).map { result in
            WriteOutcome(
                events: result.events.map { event in
                    WrittenEvent(position: event.position, stream: event.stream.rawValue, version: event.version, eventID: event.eventID, type: event.type)
                },
                replayed: true, commandID: commandID, attempts: 1
            )
        }
    }
}
