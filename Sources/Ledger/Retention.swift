internal import EventCodec
internal import EventStore
public import Mentoring

/// Which people a retention purge would erase: students of a class year before the cut
/// whose details are not erased yet, found by their registrations in the log.
public struct Retention {
    public let handler: CommandHandler

    public init(handler: CommandHandler) {
        self.handler = handler
    }

    /// Students registered with a class year before `year`, not yet erased, by id.
    public func graduates(before year: Int) throws -> [PersonID] {
        let events = try handler.store.events(types: [PersonRegistered.typeName, PersonDetailsErased.typeName])
        var classOf: [PersonID: Int] = [:]
        var erased: Set<PersonID> = []
        let codec = EventCodec()
        for event in events {
            let envelope: EventEnvelope
            do {
                envelope = try codec.envelope(event)
            } catch {
                throw LedgerError(code: .unreadableEvent, message: error.description, underlying: error)
            }
            switch envelope.event {
            case .personRegistered(let registered):
                if registered.role == .student, let year = registered.classOf { classOf[registered.person] = year }
            case .personDetailsErased(let erasure):
                erased.insert(erasure.person)
            default:
                break
            }
        }
        return classOf.filter { $0.value < year && !erased.contains($0.key) }.keys.sorted { $0.rawValue < $1.rawValue }
    }
}
