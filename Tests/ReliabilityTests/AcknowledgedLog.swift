import EventStore
import Foundation

/// What a writer was told while faults struck, to hold the ledger to afterwards.
struct AcknowledgedLog {
    /// One acknowledged append of one event.
    struct Entry {
        var commandID: String
        var eventID: String
        var position: Int64
        var data: String
    }

    private(set) var entries: [Entry] = []

    var count: Int { entries.count }

    mutating func record(_ result: AppendResult, commandID: String, data: String) {
        entries.append(Entry(commandID: commandID, eventID: result.events[0].eventID, position: result.positions[0], data: data))
    }

    /// How many acknowledged events `events` (the whole ledger) lacks or holds changed:
    /// another event at the position, another command id, event id or payload.
    func lost(in events: [RecordedEvent]) -> Int {
        let byPosition = Dictionary(events.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
        return entries.filter { entry in
            guard let event = byPosition[entry.position] else { return true }
            return event.commandID != entry.commandID || event.eventID != entry.eventID || !Self.sameJSON(event.data, entry.data)
        }.count
    }

    /// Whether two JSON objects in text are the same value (jsonb spaces and orders keys
    /// its own way).
    static func sameJSON(_ left: String, _ right: String) -> Bool {
        guard let a = try? JSONSerialization.jsonObject(with: Data(left.utf8)) as? NSDictionary,
              let b = try? JSONSerialization.jsonObject(with: Data(right.utf8)) as? NSDictionary
        else { return false }
        return a == b
    }
}
