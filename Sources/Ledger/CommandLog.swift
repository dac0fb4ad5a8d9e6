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
    func outcome(of commandID: String, fingerprint: String) throws -> [WrittenEvent]? {
        let row: (String, Int64, Int64)?
        do {
            let result = try connection.execute(
                "SELECT fingerprint, first_position, last_position FROM mcledger.commands WHERE command_id = $1", [commandID]
            )
            row = result.first.flatMap { row in
                guard let recorded = row.string(0), let first = row.int64(1), let last = row.int64(2) else { return nil }
                return (recorded, first, last)
            }
        } catch let error as PostgresError {
            throw storeError(error)
        }
        guard let (recorded, first, last) = row else { return nil }
        guard recorded == fingerprint else {
            throw EventStoreError(
                code: .commandIDReused,
                message: "command id \(commandID) reused with a different command; use a new --command-id for a new command"
            )
        }
        return try store.events(after: first - 1, limit: Int(last - first + 1)).map { event in
            WrittenEvent(position: event.position, stream: event.stream.rawValue, version: event.version, eventID: event.eventID, type: event.type)
        }
    }
}
