import EventStore
import Foundation
import Postgres

/// Metadata for a test append.
func meta(_ actor: String = "tester", command: String? = nil, on day: String = "2026-11-26") -> AppendMetadata {
    AppendMetadata(actor: actor, occurredOn: day, commandID: command)
}

/// A small event with a JSON payload.
func event(_ stream: StreamName, _ type: String = "Noted", _ data: String = #"{"n": 1}"#) -> NewEvent {
    NewEvent(stream: stream, type: type, data: data)
}

/// Counts the rows of the log and the positions' bounds, to prove nothing partial landed.
func logShape(_ connection: Connection) throws -> (count: Int, min: Int, max: Int) {
    let row = try connection.execute("SELECT count(*), coalesce(min(position), 0), coalesce(max(position), 0) FROM mcledger.events").first!
    return (row.int(0)!, row.int(1)!, row.int(2)!)
}
