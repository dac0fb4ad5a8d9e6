/// REC-01's corrections: a mistake is voided by a new event pointing at it, with a reason.
///
/// The original stays in the log. A void must leave the streams in a state the rules
/// would have allowed, on every date: ``TimelineGuard`` judges the history the
/// correction would leave exactly as it judges a command's (voiding a `StudentLeft` may
/// not put a student back into a full community or into a second one, nor voiding a
/// request leave a payment standing without it). A student's join or leave is two events (community and person
/// stream); voiding one voids both, and only the latest of that student's moves in that
/// community can be voided, so the two streams never disagree.
enum CorrectionDecider {
    static func correct(_ command: CorrectEvent, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let reason = try Guards.reason(context, for: "a correction")
        if command.stream == .disclosures {
            // No decision folds the disclosures stream, so its events are not in the states.
            throw Self.disclosureKept(command.eventID)
        }
        guard let target = states.history(of: command.stream).first(where: { $0.eventID == command.eventID }) else {
            throw DomainError(.notApplicable, "there is no event \(command.eventID) in \(command.stream); check the id with \(eventListOf: command.stream.rawValue)")
        }
        if let correction = states.voided(in: command.stream)[command.eventID] {
            throw DomainError(.alreadyDone, "event \(command.eventID) was already voided on \(correction.occurredOn) (position \(correction.position))")
        }
        var events = [void(target, reason)]
        switch target.event {
        case .eventCorrected:
            throw DomainError(.rec01, "event \(command.eventID) is itself a correction and stays; record the right fact with a new command")
        case .textRedacted:
            throw DomainError(.notApplicable, "event \(command.eventID) records a redaction, which stays: a removed text does not come back")
        case .personDetailsChanged, .personDetailsErased:
            throw DomainError(.notApplicable, "event \(command.eventID) records a change to the directory, which a void cannot undo; rename the person again (an erasure stays)")
        case .recordsDisclosed:
            throw Self.disclosureKept(command.eventID)
        case .studentPlaced, .studentReleased:
            throw DomainError(.notApplicable, "event \(command.eventID) is the student's half of a join or leave; correct the community's StudentJoined or StudentLeft event instead")
        case .studentJoined(let event):
            events.append(try personHalf(of: target, event.student, event.community, states, reason))
        case .studentLeft(let event):
            events.append(try personHalf(of: target, event.student, event.community, states, reason))
        case .communityEstablished, .communityRetired, .policySet, .yearClosed,
             .personRegistered, .personRetitled, .trainingCompleted,
             .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft,
             .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
             .gatheringHeld, .meetingHeld, .hoursLogged,
             .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed:
            break
        }
        return events
    }

    private static func disclosureKept(_ id: EventID) -> DomainError {
        DomainError(.notApplicable, "event \(id) records a disclosure of student records (FERPA 99.32), which is kept for as long as the records are; it cannot be voided")
    }

    private static func void(_ target: EventEnvelope, _ reason: String) -> PendingEvent {
        PendingEvent(stream: target.stream, event: .eventCorrected(EventCorrected(voids: target.eventID, voidedType: target.event.typeName, reason: reason)))
    }

    /// The correction of the person stream's half of a student's join or leave.
    private static func personHalf(
        of target: EventEnvelope, _ student: PersonID, _ community: CommunityID, _ states: StreamStates, _ reason: String
    ) throws(DomainError) -> PendingEvent {
        let communityState = states.community(community)
        let moves = communityState.history.filter { envelope in
            guard communityState.voided[envelope.eventID] == nil else { return false }
            if case .studentJoined(let event) = envelope.event { return event.student == student }
            if case .studentLeft(let event) = envelope.event { return event.student == student }
            return false
        }
        if let latest = moves.last, latest.eventID != target.eventID {
            throw DomainError(.rec01, "\(student) moved again after event \(target.eventID) (\(latest.event.typeName) \(latest.eventID) on \(latest.occurredOn)); correct that later event first")
        }
        let person = states.person(student)
        let halves = person.history.filter { envelope in
            guard person.voided[envelope.eventID] == nil else { return false }
            if case .studentPlaced(let event) = envelope.event { return event.community == community }
            if case .studentReleased(let event) = envelope.event { return event.community == community }
            return false
        }
        guard let half = halves.last else {
            throw DomainError(.notApplicable, "the stream person-\(student) has no record matching event \(target.eventID); read person-\(student) with the correction")
        }
        return void(half, reason)
    }
}
