internal import Mentoring

/// The audit's rows: per community (stipends, exceptions) and per event (trail subjects,
/// corrections, post-close adjustments).
enum AuditModel {
    /// The community's stipends with their anomalies (``StipendAudit``, the domain's rules).
    static func stipends(_ id: CommunityID, _ states: StreamStates) -> [StipendRow] {
        let community = states.community(id)
        let anomalies = StipendAudit.anomalies(of: id, community: community, people: states.people, program: states.program)
        return zip(community.stipends, anomalies).map { record, anomalies in
            StipendRow(
                community: id, year: record.year, payee: record.payee, amount: record.requested.payload.amount,
                status: record.status, requested: step(record.requested),
                approved: record.approved.map(step), waiver: record.approved?.payload.waiver,
                paid: record.paid.map(step), paidAmount: record.paid?.payload.amount, reference: record.paid?.payload.reference,
                reversed: record.reversed.map(step), reversedReason: record.reversed?.payload.reason,
                anomalies: anomalies
            )
        }
    }

    /// Leader exceptions (LDR-03) and stipend waivers (STP-05) of the community.
    static func exceptions(_ id: CommunityID, _ state: CommunityState) -> [ExceptionRow] {
        var rows: [ExceptionRow] = state.tenures.compactMap { tenure in
            guard tenure.role == .leader, let exception = tenure.exception else { return nil }
            let actor = state.history.first { $0.eventID == tenure.startEventID }?.actor.rawValue ?? ""
            return ExceptionRow(
                kind: .leaderException, community: id, person: tenure.person, year: nil, since: tenure.since,
                until: tenure.until, justification: exception, position: tenure.startPosition, actor: actor
            )
        }
        for record in state.stipends {
            guard let approved = record.approved, let waiver = approved.payload.waiver else { continue }
            rows.append(ExceptionRow(
                kind: .stipendWaiver, community: id, person: record.payee, year: record.year, since: approved.occurredOn,
                until: nil, justification: waiver, position: approved.position, actor: approved.actor.rawValue
            ))
        }
        return rows
    }

    static func correction(_ envelope: EventEnvelope) -> CorrectionRow? {
        guard case .eventCorrected(let correction) = envelope.event else { return nil }
        return CorrectionRow(
            position: envelope.position, stream: envelope.stream.rawValue, occurredOn: envelope.occurredOn,
            actor: envelope.actor.rawValue, reason: correction.reason, voidsEventID: correction.voids.rawValue,
            voidedType: correction.voidedType, isPostCloseAdjustment: envelope.isPostCloseAdjustment
        )
    }

    static func adjustment(_ envelope: EventEnvelope) -> AdjustmentRow? {
        guard envelope.isPostCloseAdjustment else { return nil }
        return AdjustmentRow(
            position: envelope.position, stream: envelope.stream.rawValue, type: envelope.event.typeName,
            occurredOn: envelope.occurredOn, actor: envelope.actor.rawValue, reason: envelope.reason
        )
    }

    private static func step<P>(_ recorded: Recorded<P>) -> StipendRow.Step {
        StipendRow.Step(on: recorded.occurredOn, position: recorded.position, actor: recorded.actor.rawValue)
    }
}
