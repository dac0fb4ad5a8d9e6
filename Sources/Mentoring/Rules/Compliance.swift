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
        for record in program.communities.values.sorted(by: { $0.id < $1.id }) where record.isActive(during: year, through: window.through) {
            findings += evaluateCommunity(record.id, year: year, asOf: asOf, states: states)
        }
        return findings.sorted(by: Finding.ordered)
    }

    /// The findings of one community for `year` as of `asOf` (none when it is not active
    /// on the last day looked at).
    public static func evaluateCommunity(_ id: CommunityID, year: AcademicYear, asOf: Day, states: StreamStates) -> [Finding] {
        evaluateCommunity(id, years: [year], asOf: asOf, states: states)[year] ?? []
    }
}

/// What every community rule reads: the community as known, its leaders' and students'
/// person states, the program (policies, graduation), the policy of the year and the window.
struct CommunityContext {
    let id: CommunityID
    let community: CommunityState
    /// Person states as folded; ``person(_:)`` replays them as of the window.
    let people: [PersonID: PersonState]
    let program: ProgramState
    let policy: Policy
    let window: EvaluationWindow

    /// Leaders on the last day looked at: the yearly duties bind those in office then.
    var leaders: [Tenure] { community.members(.leader, on: window.through) }

    /// Members in `role` on `day`, a student's membership ending at graduation.
    func members(_ role: MembershipRole, on day: Day) -> [Tenure] {
        community.members(role, on: day, people: people, program: program)
    }

    /// A person as known on `asOf`, replayed only when a rule asks (leaders, mostly).
    func person(_ id: PersonID) -> PersonState { people[id]?.asOf(window.asOf) ?? PersonState() }
}
