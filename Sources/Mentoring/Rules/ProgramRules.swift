/// PRG-01 and PRG-02: below the minimum on the last day looked at, and above the
/// maximum on any day of the year up to it (a policy set lower than the communities
/// running, or PRG-01's total, which no command refuses: establishing is bounded per
/// focus only).
enum ProgramRules {
    static func evaluate(_ program: ProgramState, _ window: EvaluationWindow) -> [Finding] {
        let policy = program.policy(for: window.year)
        let active = program.activeCommunities(on: window.through)
        var findings: [Finding] = []
        let bounds = policy.communities
        if active.count < bounds.minimum {
            findings.append(Finding(
                rule: .prg01, severity: window.standingSeverity,
                message: "\(active.count) communities are active on \(window.through), fewer than the minimum \(bounds.minimum) (\(bounds)); establish or retire communities",
                evidence: active.map(\.established.position)
            ))
        }
        findings += aboveMaximum(.prg01, Array(program.communities.values), maximum: bounds.maximum, noun: "communities are", window)
        for focus in Focus.allCases {
            let focusBounds = policy.bounds(for: focus)
            let ofFocus = active.filter { $0.focus == focus }
            if ofFocus.count < focusBounds.minimum {
                findings.append(Finding(
                    rule: .prg02, severity: window.standingSeverity,
                    message: "\(ofFocus.count) \(focus) communit\(ofFocus.count == 1 ? "y is" : "ies are") active on \(window.through); at least \(focusBounds.minimum) \(focusBounds.minimum == 1 ? "is" : "are") expected",
                    evidence: ofFocus.map(\.established.position)
                ))
            }
            let all = program.communities.values.filter { $0.focus == focus }
            findings += aboveMaximum(.prg02, all, maximum: focusBounds.maximum, noun: "\(focus) communities are", window)
        }
        return findings
    }

    /// The date ranges of the year up to `through` on which more of `communities` run
    /// than `maximum`.
    private static func aboveMaximum(
        _ rule: RuleID, _ communities: [ProgramState.CommunityRecord], maximum: Int, noun: String, _ window: EvaluationWindow
    ) -> [Finding] {
        let periods = communities.map { (since: $0.established.occurredOn, until: $0.retired?.occurredOn) }
        return Excess.ranges(of: periods, maximum: { _ in maximum }, policyYears: []).compactMap { excess in
            let from = max(excess.from, window.year.firstDay)
            let until = min(excess.until ?? window.through.next, window.through.next)
            guard from < until else { return nil }
            let clipped = Excess(from: from, until: until, count: excess.count, maximum: maximum)
            let running = communities.filter { $0.established.occurredOn < until && ($0.retired.map { $0.occurredOn > from } ?? true) }
            return Finding(
                rule: rule, severity: .violation,
                message: "\(excess.count) \(noun) active \(clipped.dates), more than the maximum \(maximum); retire communities or set a policy",
                evidence: running.map(\.established.position)
            )
        }
    }
}
