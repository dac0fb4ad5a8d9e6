internal import Mentoring

/// Folded stream states kept between the batches of one catch-up, so each batch folds
/// only the events it adds.
///
/// Without it, every batch re-read and re-folded each stream it touched from its first
/// event: an import that adds to the same few communities in every batch made catching
/// up quadratic in their size. The log is append-only and its positions are gap-free, so
/// a state folded through position t stays exactly the fold of its stream through t, and
/// folding the stream's events in (t, p] onto it gives the fold through p: the same
/// `evolve`, the same rows. A request for an earlier position than one kept folds from
/// the start instead.
///
/// Bounded: past ``capacity`` streams it forgets everything and starts again, so a
/// catch-up that touches every community costs no more memory than the rebuild would.
final class FoldCache {
    static let capacity = 256

    struct Entry<State> {
        var state: State
        var through: Int64
    }

    var program: Entry<ProgramState>?
    var communities: [CommunityID: Entry<CommunityState>] = [:]
    var people: [PersonID: Entry<PersonState>] = [:]

    /// Moves each state folded through `after` whose stream has no event in `events` on
    /// to `through`: a batch holds every event in (after, through], so such a state is
    /// already the fold through `through`.
    ///
    /// Without it a follower's wake-up re-read from the log every stream it folds that
    /// the wake-up before had not touched (a state kept at an older position than the
    /// batch's start cannot continue from the batch), one statement a stream: most of its
    /// reads and a good part of its commit → row lag.
    func advance(from after: Int64, to through: Int64, untouchedBy events: [EventEnvelope]) {
        guard through > after else { return }
        var touchedProgram = false
        var touchedCommunities: Set<CommunityID> = []
        var touchedPeople: Set<PersonID> = []
        for envelope in events {
            switch envelope.stream {
            case .program: touchedProgram = true
            case .community(let id): touchedCommunities.insert(id)
            case .person(let id): touchedPeople.insert(id)
            case .disclosures: continue
            }
        }
        if !touchedProgram, program?.through == after { program?.through = through }
        for (id, entry) in communities where entry.through == after && !touchedCommunities.contains(id) {
            communities[id]?.through = through
        }
        for (id, entry) in people where entry.through == after && !touchedPeople.contains(id) {
            people[id]?.through = through
        }
    }

    /// Makes room for `count` more streams, forgetting everything if there is none.
    func reserve(_ count: Int) {
        if communities.count + people.count + count > Self.capacity {
            communities.removeAll()
            people.removeAll()
        }
    }
}
