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
        return ProgramRules.evaluate(program.asOf(asOf), window).sorted(by: Finding.ordered)
    }

    /// The order reports print findings in: rule, community, person, message.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        Finding.ordered(lhs, rhs)
    }
}
