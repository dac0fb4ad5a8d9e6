/// PRG-01 and PRG-02 below the minimum (or PRG-01 above the maximum, which no command
/// refuses: establishing is bounded per focus only).
enum ProgramRules {
    static func evaluate(_ program: ProgramState, _ window: EvaluationWindow) -> [Finding] {
        let policy = program.policy(for: window.year)
        let active = program.activeCommunities(on: window.through)
        var findings: [Finding] = []
        let bounds = policy.communities
        if !bounds.contains(active.count) {
            let side = active.count < bounds.minimum ? "fewer than the minimum \(bounds.minimum)" : "more than the maximum \(bounds.maximum)"
            findings.append(Finding(
                rule: .prg01, severity: window.standingSeverity,
                message: "\(active.count) communities are active on \(window.through), \(side) (\(bounds)); establish or retire communities",
                evidence: active.map(\.established.position)
            ))
        }
        for focus in Focus.allCases {
            let ofFocus = active.filter { $0.focus == focus }
            let focusBounds = policy.bounds(for: focus)
            guard ofFocus.count < focusBounds.minimum else { continue }
            findings.append(Finding(
                rule: .prg02, severity: window.standingSeverity,
                message: "\(ofFocus.count) \(focus) communit\(ofFocus.count == 1 ? "y is" : "ies are") active on \(window.through); at least \(focusBounds.minimum) \(focusBounds.minimum == 1 ? "is" : "are") expected",
                evidence: ofFocus.map(\.established.position)
            ))
        }
        return findings
    }
}
