internal import EventStore
internal import Foundation
public import Mentoring
public import Postgres

/// Finds where an event lives, for commands that point at one by id.
public struct EventLookup {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The correction of the event `eventID`: a correction is appended to the stream of
    /// the event it voids, which the id alone does not tell.
    ///
    /// - Throws: ``InvalidValue`` for an id that is not a uuid; ``DomainError``
    ///   `.notApplicable` when no event has that id.
    public func correction(of eventID: String) throws -> CorrectEvent {
        guard let uuid = UUID(uuidString: eventID) else {
            throw InvalidValue(field: "event id", value: eventID, message: "'\(eventID)' is not an event id; event ids are uuids such as 3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60; the list of events shows each one's")
        }
        let id = uuid.uuidString.lowercased()
        let stream = try EventStore(connection: connection).event(id: uuid)?.stream.rawValue
        guard let stream else {
            throw DomainError(.notApplicable, "no event \(id) is in the ledger; check the id with \(eventListOf: nil)")
        }
        do {
            return CorrectEvent(eventID: EventID(id), stream: try Mentoring.StreamName(stream))
        } catch {
            throw DomainError(.notApplicable, "event \(id) is in stream \(stream), which is no mentoring stream; it cannot be corrected here")
        }
    }
}
