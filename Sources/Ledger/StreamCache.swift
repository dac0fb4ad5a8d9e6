internal import Mentoring

/// The streams a write read, as stored, kept across its attempts: after a concurrency
/// conflict the next attempt asks the server only for what was appended to them since
/// (``EventStore/read(after:)``), so a stream nobody moved costs an index probe, not a
/// read and a fold of its whole history, and a moved one only its new events.
///
/// Each entry is the fold of one stream's stored events up to a version, and nothing
/// else: a state depends only on its own stream's events, the log is append-only, so
/// folding the events after that version onto it gives exactly what a fresh read folds.
/// Events a decision folds before they are appended never enter it. An entry is used only
/// for a decision whose append expects the entry's stream at the version it then reads,
/// so a stale entry can cost a retry, never a wrong write.
///
/// Holds at most `capacity` streams (an import's first ones); the others are read whole.
final class StreamCache {
    struct Entry {
        var version: Int
        var state: StreamState
        /// The stream's events this build cannot decode, in the order met.
        var unreadable: [UnreadableEvent]
    }

    let capacity: Int
    private(set) var entries: [Mentoring.StreamName: Entry] = [:]

    init(capacity: Int = 10_000) {
        self.capacity = max(0, capacity)
    }

    subscript(stream: Mentoring.StreamName) -> Entry? { entries[stream] }

    /// Keeps `entry` for `stream`, replacing an older one; a new stream only while there is room.
    func keep(_ entry: Entry, for stream: Mentoring.StreamName) {
        guard entries[stream] != nil || entries.count < capacity else { return }
        entries[stream] = entry
    }
}

/// The folded state of one stream, as ``StreamStates`` holds it.
enum StreamState {
    case program(ProgramState)
    case community(CommunityState)
    case person(PersonState)
    /// A stream no decision folds (the record of disclosures).
    case unfolded
}

extension StreamStates {
    /// The state of `stream` alone.
    func state(of stream: Mentoring.StreamName) -> StreamState {
        switch stream {
        case .program: .program(program)
        case .community(let id): .community(community(id))
        case .person(let id): .person(person(id))
        case .disclosures: .unfolded
        }
    }

    /// Puts `state` in place of whatever is held for `stream`.
    mutating func set(_ state: StreamState, of stream: Mentoring.StreamName) {
        switch (stream, state) {
        case (.program, .program(let folded)): program = folded
        case (.community(let id), .community(let folded)): communities[id] = folded
        case (.person(let id), .person(let folded)): people[id] = folded
        default: break
        }
    }
}
