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

    /// Makes room for `count` more streams, forgetting everything if there is none.
    func reserve(_ count: Int) {
        if communities.count + people.count + count > Self.capacity {
            communities.removeAll()
            people.removeAll()
        }
    }
}
