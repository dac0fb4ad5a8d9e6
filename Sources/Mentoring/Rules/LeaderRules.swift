/// LDR-02 (a barred title gained while leading) and LDR-04 (training not completed).
///
/// LDR-01 and LDR-03 are enforced when a leader is appointed; LDR-03's exceptions are
/// kept on the leader's ``Tenure`` for the auditors' list, as they are allowed.
enum LeaderRules {
    static func evaluate(_ context: CommunityContext) -> [Finding] {
        titleFindings(context) + trainingFindings(context)
    }

    /// LDR-02: any day of a leadership period in the year on which the leader held a
    /// barred title (typically a retitle after appointment). The stipend is held.
    private static func titleFindings(_ context: CommunityContext) -> [Finding] {
        let window = context.window
        var findings: [Finding] = []
        let tenures = context.community.members(.leader, during: window.year, through: window.through)
        for tenure in tenures {
            let person = context.person(tenure.person)
            let from = max(tenure.since, window.year.firstDay)
            // The step-down day is outside the leadership: `[since, until)`.
            let until = min(tenure.until ?? window.through.next, window.through.next)
            guard let barred = person.barredTitle(from: from, until: until) else { continue }
            let message = barred.from == from
                ? "\(tenure.person) leads \(context.id) while \(barred.title.withArticle) (since \(from)); Deans and Clerkship Directors may not lead, and the stipend is held"
                : "\(tenure.person) became \(barred.title.withArticle) on \(barred.from) while leading \(context.id); Deans and Clerkship Directors may not lead, and the stipend is held"
            findings.append(Finding(
                rule: .ldr02, community: context.id, person: tenure.person, severity: .violation,
                message: message, evidence: [tenure.startPosition] + (barred.position.map { [$0] } ?? [])
            ))
        }
        return findings
    }

    /// LDR-04: a leader in office without leadership training (once is enough, ever).
    private static func trainingFindings(_ context: CommunityContext) -> [Finding] {
        context.leaders.compactMap { tenure in
            guard context.person(tenure.person).training(by: context.window.through) == nil else { return nil }
            return Finding(
                rule: .ldr04, community: context.id, person: tenure.person, severity: context.window.standingSeverity,
                message: "\(tenure.person) leads \(context.id) and has not completed leadership training; record it with `mcledger training complete`",
                evidence: [tenure.startPosition]
            )
        }
    }
}
