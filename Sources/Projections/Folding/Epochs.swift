internal import Mentoring

/// Splits a stream's history at the business dates of its corrections.
///
/// A correction voids an event from its own date on: as of a day before it, the
/// original stands (`asOf` in the domain). A projector that stores one set of rows per
/// stream cannot answer both, so it stores one set per *epoch*: `[from, to)` between
/// consecutive correction dates, each folded with the corrections dated up to `from`.
/// A stream never corrected has one epoch, unbounded on both sides.
enum Epochs {
    struct Epoch<State> {
        var from: Day?
        var to: Day?
        var state: State
    }

    /// The epochs of `history`, oldest first.
    ///
    /// - Parameters:
    ///   - folded: the state of the whole history (the last epoch), already folded.
    ///   - fold: folds a list of envelopes from an empty state.
    static func split<State>(
        _ history: [EventEnvelope], folded: State, fold: ([EventEnvelope]) -> State
    ) -> [Epoch<State>] {
        let dates = Array(Set(history.compactMap { envelope -> Day? in
            if case .eventCorrected = envelope.event { return envelope.occurredOn }
            return nil
        })).sorted()
        guard !dates.isEmpty else { return [Epoch(from: nil, to: nil, state: folded)] }
        var epochs: [Epoch<State>] = []
        var from: Day?
        for date in dates {
            let known = history.filter { envelope in
                guard case .eventCorrected = envelope.event else { return true }
                return from.map { envelope.occurredOn <= $0 } ?? false
            }
            epochs.append(Epoch(from: from, to: date, state: fold(known)))
            from = date
        }
        epochs.append(Epoch(from: from, to: nil, state: folded))
        return epochs
    }
}
