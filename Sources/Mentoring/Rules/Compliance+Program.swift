extension Compliance {
    /// The program-wide findings (PRG-01, PRG-02) of `year` as of `asOf`, without the
    /// communities'.
    ///
    /// The compliance projection stores findings per community and per program, so that a
    /// write to one community re-evaluates that community only. This and
    /// ``evaluateCommunity(_:year:asOf:states:)`` for every community add up to exactly
    /// ``evaluate(year:asOf:states:)``.
    public static func evaluateProgram(year: AcademicYear, asOf: Day, program: ProgramState) -> [Finding] {
        let window = EvaluationWindow(year: year, asOf: asOf)
        guard window.hasStarted else { return [] }
        return ProgramRules.evaluate(replayed(program, asOf), window).sorted(by: Finding.ordered)
    }

    /// ``evaluateCommunity(_:year:asOf:states:)`` for several years at once, as of one day.
    ///
    /// The same findings, year by year; the streams are replayed as of `asOf` once for all
    /// years instead of once per year (and not at all when nothing is dated after it),
    /// which is what lets a projector re-evaluate a community's every year after a write.
    public static func evaluateCommunity(_ id: CommunityID, years: [AcademicYear], asOf: Day, states: StreamStates) -> [AcademicYear: [Finding]] {
        let program = replayed(states.program, asOf)
        let community = replayed(states.community(id), asOf)
        var findings: [AcademicYear: [Finding]] = [:]
        for year in years {
            guard let record = program.communities[id] else {
                findings[year] = []
                continue
            }
            let retired = record.retired.map(\.occurredOn).flatMap { year.contains($0) ? $0 : nil }
            let window = EvaluationWindow(year: year, asOf: asOf, endsOn: retired)
            guard window.hasStarted, record.isActive(during: year, through: min(asOf, year.lastDay)) else {
                findings[year] = []
                continue
            }
            let context = CommunityContext(id: id, community: community, people: states.people, program: program, policy: program.policy(for: year), window: window)
            var found = CompositionRules.evaluate(context)
            found += LeaderRules.evaluate(context)
            found += ObligationRules.evaluate(context)
            found += SeasonPlanRules.evaluate(context)
            findings[year] = found.sorted(by: Finding.ordered)
        }
        return findings
    }

    /// The order reports print findings in: rule, community, person, message.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        Finding.ordered(lhs, rhs)
    }

    /// `state.asOf(day)`, skipped when no event is dated after `day`: folding the same
    /// history again gives the same state.
    private static func replayed<State: FoldedState>(_ state: State, _ day: Day) -> State {
        state.history.allSatisfy { $0.occurredOn <= day } ? state : state.replayingHistory(through: day)
    }
}
