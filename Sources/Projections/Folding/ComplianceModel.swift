internal import Mentoring

/// The compliance rows: the domain's findings (``Compliance``) per scope and year, as
/// evaluated on one day. The rules are not here; this only chooses what to evaluate.
enum ComplianceModel {
    /// One scope's evaluation of one year: a community's, or the program's (`scope` "").
    struct Evaluation {
        var year: AcademicYear
        var scope: String
        var evaluatedOn: Day
        var latestOn: Day
        var findings: [Finding]
    }

    /// A community's findings for every year from its establishment to `horizon` (or to
    /// the year of its latest event, if later).
    static func community(_ id: CommunityID, _ states: StreamStates, today: Day, horizon: AcademicYear) -> [Evaluation] {
        let community = states.community(id)
        var dates = community.history.map(\.occurredOn) + states.program.history.filter { affects($0, id) }.map(\.occurredOn)
        for person in states.people.values { dates += person.history.map(\.occurredOn) }
        guard let latest = dates.max() else { return [] }
        let established = states.program.history.compactMap { envelope -> Day? in
            if case .communityEstablished(let event) = envelope.event, event.community == id { return envelope.occurredOn }
            return nil
        }
        guard let first = (established + community.history.map(\.occurredOn)).min() else { return [] }
        let years = years(from: first.academicYear, through: max(horizon, latest.academicYear))
        let findings = Compliance.evaluateCommunity(id, years: years, asOf: today, states: states)
        return years.map { year in
            Evaluation(year: year, scope: id.rawValue, evaluatedOn: today, latestOn: latest, findings: findings[year] ?? [])
        }
    }

    /// The program-wide findings (PRG-01, PRG-02) for every year from the first program
    /// event to `horizon`.
    static func program(_ program: ProgramState, today: Day, horizon: AcademicYear) -> [Evaluation] {
        let dates = program.history.map(\.occurredOn)
        guard let first = dates.min(), let latest = dates.max() else { return [] }
        return years(from: first.academicYear, through: max(horizon, latest.academicYear)).map { year in
            Evaluation(
                year: year, scope: "", evaluatedOn: today, latestOn: latest,
                findings: Compliance.evaluateProgram(year: year, asOf: today, program: program)
            )
        }
    }

    /// Whether a program event can change a community's findings: a policy, a
    /// correction, or the community's own establishment or retirement. (The projector
    /// re-evaluates a community for exactly these, so `latestOn` depends on them only.)
    static func affects(_ envelope: EventEnvelope, _ id: CommunityID) -> Bool {
        switch envelope.event {
        case .policySet, .eventCorrected: true
        case .communityEstablished(let event): event.community == id
        case .communityRetired(let event): event.community == id
        case .yearClosed, .personRegistered, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed, .trainingCompleted, .studentPlaced, .studentReleased,
             .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft, .studentJoined, .studentLeft,
             .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
             .gatheringHeld, .meetingHeld, .hoursLogged, .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed, .textRedacted:
            false
        }
    }

    static func years(from first: AcademicYear, through last: AcademicYear) -> [AcademicYear] {
        guard first <= last else { return [] }
        return (first.startYear...last.startYear).map(AcademicYear.init(startYear:))
    }
}
