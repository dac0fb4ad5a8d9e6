/// What the three stream states share: they remember every envelope they folded, so a
/// correction can void an earlier event and a compliance check can cite positions.
///
/// Voiding is done by rebuilding: when an ``EventCorrected`` arrives, the state is folded
/// again from its history without the voided events. Corrections are rare and a stream
/// is small (one community or one person), so this is cheaper to trust than an "undo"
/// written per event. The same history answers "as of" questions by folding only the
/// events dated up to a day (``replayingHistory(through:)``).
protocol FoldedState {
    init()
    /// Every envelope folded, in stream order, corrections included.
    var history: [EventEnvelope] { get set }
    /// Voided event ids, each with the correction that voided it.
    var voided: [EventID: EventEnvelope] { get set }
    /// Applies one event that is not a correction and not voided.
    mutating func apply(_ envelope: EventEnvelope)
}

extension FoldedState {
    /// Folds one more envelope of this state's stream.
    mutating func record(_ envelope: EventEnvelope) {
        history.append(envelope)
        if case .eventCorrected = envelope.event {
            self = Self(folding: history)
        } else {
            apply(envelope)
        }
    }

    /// The state of a stream whose recorded events are `history`.
    init(folding history: [EventEnvelope]) {
        var voided: [EventID: EventEnvelope] = [:]
        for envelope in history {
            if case .eventCorrected(let correction) = envelope.event {
                voided[correction.voids] = envelope
            }
        }
        self.init()
        self.history = history
        self.voided = voided
        for envelope in history where voided[envelope.eventID] == nil {
            if case .eventCorrected = envelope.event { continue }
            apply(envelope)
        }
    }

    /// The state as it was known on `day`: only events dated up to it, and only the
    /// corrections dated up to it (so "as of" before a correction shows the original).
    func replayingHistory(through day: Day) -> Self {
        Self(folding: history.filter { $0.occurredOn <= day })
    }

    /// The recorded envelope with `id`, if this stream holds it.
    func envelope(_ id: EventID) -> EventEnvelope? {
        history.first { $0.eventID == id }
    }
}
