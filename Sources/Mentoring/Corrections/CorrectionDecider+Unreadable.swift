/// Voiding an event this build cannot read (a quarantined event).
///
/// Such an event was never folded, so no state depends on it and voiding it changes no
/// rule's outcome on any date: the correction needs only its reason, the event's stored
/// type (the state cannot tell it) and the closed-year marking every write gets. After
/// it, readers skip the event as they skip any voided one, and the stream can be
/// written again.
extension Decider {
    /// The correction of the unreadable event `command.eventID` of type `type`.
    ///
    /// - Throws: ``DomainError`` REC-01 without a reason (or dated in a closed year without
    ///   one), `.alreadyDone` when a correction already voids it.
    public static func voidUnreadable(
        _ command: CorrectEvent, type: String, given states: StreamStates, context: DecisionContext
    ) throws(DomainError) -> [PendingEvent] {
        let reason = try Guards.reason(context, for: "a correction")
        if let correction = states.voided(in: command.stream)[command.eventID] {
            throw DomainError(.alreadyDone, "event \(command.eventID) was already voided on \(correction.occurredOn) (position \(correction.position))")
        }
        let void = PendingEvent(
            stream: command.stream, event: .eventCorrected(EventCorrected(voids: command.eventID, voidedType: type, reason: reason))
        )
        return try YearCloseGuard.mark([void], for: .correctEvent(command), states, context)
    }
}

extension StreamStates {
    /// Whether a correction folded into `stream` voids the event `id`.
    public func isVoided(_ id: EventID, in stream: StreamName) -> Bool {
        voided(in: stream)[id] != nil
    }
}

extension DomainError.Code {
    /// A stream the command must read holds an event this build cannot read, not voided.
    public static let unreadableEvent = DomainError.Code("unreadable-event")
}
