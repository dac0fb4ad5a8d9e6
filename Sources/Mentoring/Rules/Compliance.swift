/// The compliance findings of an academic year: the rules of DESIGN.md that are findings,
/// evaluated from folded states. The compliance projection stores what this returns;
/// the rules live here once.
///
/// States are folded from the whole streams (so corrections dated later can be left out
/// for an earlier `asOf`); each function replays them as known on `asOf` first.
public enum Compliance {
    /// Every finding for `year` as of `asOf`: program-wide, then each community active on
    /// the last day looked at.
    ///
    /// - Parameters:
    ///   - states: the program stream, every community stream of interest, and the person
    ///     streams of their leaders (training and titles).
    public static func evaluate(year: AcademicYear, asOf: Day, states: StreamStates) -> [Finding] {
        let window = EvaluationWindow(year: year, asOf: asOf)
        guard window.hasStarted else { return [] }
        let program = states.program.asOf(asOf)
        var findings = ProgramRules.evaluate(program, window)
        for record in program.activeCommunities(on: window.through) {
            findings += evaluateCommunity(record.id, year: year, asOf: asOf, states: states)
        }
        return findings.sorted(by: Finding.ordered)
    }

    /// The findings of one community for `year` as of `asOf` (none when it is not active
    /// on the last day looked at).
    public static func evaluateCommunity(_ id: CommunityID, year: AcademicYear, asOf: Day, states: StreamStates) -> [Finding] {
        let window = EvaluationWindow(year: year, asOf: asOf)
        guard window.hasStarted else { return [] }
        let program = states.program.asOf(asOf)
        guard let record = program.communities[id], record.isActive(on: window.through) else { return [] }
        let context = CommunityContext(
            id: id,
            community: states.community(id).asOf(asOf),
            people: states.people,
            policy: program.policy(for: year),
            window: window
        )
        var findings = CompositionRules.evaluate(context)
        findings += LeaderRules.evaluate(context)
        findings += ObligationRules.evaluate(context)
        findings += SeasonPlanRules.evaluate(context)
        return findings.sorted(by: Finding.ordered)
    }
}

/// What every community rule reads: the community as known, its leaders' person states,
/// the policy of the year and the window.
struct CommunityContext {
    let id: CommunityID
    let community: CommunityState
    /// Person states as folded; ``person(_:)`` replays them as of the window.
    let people: [PersonID: PersonState]
    let policy: Policy
    let window: EvaluationWindow

    /// Leaders on the last day looked at: the yearly duties bind those in office then.
    var leaders: [Tenure] { community.members(.leader, on: window.through) }

    /// A person as known on `asOf`, replayed only when a rule asks (leaders, mostly).
    func person(_ id: PersonID) -> PersonState { people[id]?.asOf(window.asOf) ?? PersonState() }
}
