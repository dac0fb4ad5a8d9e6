internal import Mentoring

/// The roster's rows of one stream, from the domain's folded states.
enum RosterModel {
    /// Every membership period of a community, per correction epoch; a student's ends
    /// at graduation when their person state is in `people`.
    static func tenures(_ id: CommunityID, _ state: CommunityState, people: [PersonID: PersonState] = [:], program: ProgramState = ProgramState()) -> [TenureRow] {
        let epochs = Epochs.split(state.history, folded: state) { envelopes in
            var fresh = CommunityState()
            for envelope in envelopes { fresh.evolve(envelope) }
            return fresh
        }
        return epochs.flatMap { epoch in
            MembershipRole.allCases.flatMap { epoch.state.counted($0, people: people, program: program) }.map { tenure in
                TenureRow(
                    community: id, role: tenure.role, person: tenure.person, since: tenure.since, until: tenure.until,
                    startPosition: tenure.startPosition, endPosition: tenure.endPosition, exception: tenure.exception,
                    deiApproval: tenure.deiApproval, saApproval: tenure.saApproval, epochFrom: epoch.from, epochTo: epoch.to
                )
            }
        }
    }

    /// Every community of the program, per correction epoch of the program stream.
    static func communities(_ program: ProgramState) -> [CommunityRow] {
        let epochs = Epochs.split(program.history, folded: program) { envelopes in
            var fresh = ProgramState()
            for envelope in envelopes { fresh.evolve(envelope) }
            return fresh
        }
        return epochs.flatMap { epoch in
            epoch.state.communities.values.sorted { $0.id < $1.id }.map { record in
                CommunityRow(
                    community: record.id, name: record.name, focus: record.focus,
                    establishedOn: record.established.occurredOn, establishedPosition: record.established.position,
                    retiredOn: record.retired?.occurredOn, retiredPosition: record.retired?.position,
                    retiredReason: record.retired?.payload.reason, epochFrom: epoch.from, epochTo: epoch.to
                )
            }
        }
    }
}
