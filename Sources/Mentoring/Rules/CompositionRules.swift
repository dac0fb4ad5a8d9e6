/// COM-01..05 on the community's timeline: below the minimum on the last day looked at
/// (too few leaders, residents or students, or no staff liaison), and above the maximum
/// on any day of the year up to it. Writes are refused above a maximum, so a count above
/// it comes from a policy set lower afterwards, or an event written before a rule
/// existed; the finding names the dates and the memberships that make the count.
/// (COM-06 is a refusal only; the default policy requires no member of the local
/// community.) A student's membership ends at graduation.
enum CompositionRules {
    static func evaluate(_ context: CommunityContext) -> [Finding] {
        belowMinimum(context) + aboveMaximum(context)
    }

    private static func belowMinimum(_ context: CommunityContext) -> [Finding] {
        let roles: [MembershipRole] = [.leader, .resident, .student, .staffLiaison]
        var findings: [Finding] = []
        for role in roles {
            let members = context.members(role, on: context.window.through)
            let minimum = role.bounds(in: context.policy).minimum
            guard members.count < minimum else { continue }
            let left = context.community.tenures.filter { $0.role == role && $0.until.map(context.window.covers) == true }
            let message = role == .staffLiaison && members.isEmpty
                ? "\(context.id) has no staff liaison on \(context.window.through); assign one with `mcledger staff assign`"
                : "\(context.id) has \(role.counted(members.count)) on \(context.window.through), fewer than the minimum \(minimum)"
            findings.append(Finding(
                rule: role.countRule, community: context.id, severity: context.window.standingSeverity,
                message: message,
                evidence: members.map(\.startPosition) + left.compactMap(\.endPosition)
            ))
        }
        return findings
    }

    private static func aboveMaximum(_ context: CommunityContext) -> [Finding] {
        let window = context.window
        var findings: [Finding] = []
        for role in MembershipRole.allCases {
            let maximum = role.bounds(in: context.policy).maximum
            let tenures = context.community.counted(role, people: context.people, program: context.program)
            let periods = tenures.map { (since: $0.since, until: $0.until) }
            for excess in Excess.ranges(of: periods, maximum: { _ in maximum }, policyYears: []) {
                let from = max(excess.from, window.year.firstDay)
                let until = min(excess.until ?? window.through.next, window.through.next)
                guard from < until else { continue }
                let clipped = Excess(from: from, until: until, count: excess.count, maximum: maximum)
                let holding = tenures.filter { $0.since < until && ($0.until.map { $0 > from } ?? true) }
                findings.append(Finding(
                    rule: role.countRule, community: context.id, severity: .violation,
                    message: "\(context.id) has \(role.counted(excess.count)) \(clipped.dates), more than the maximum \(maximum)",
                    evidence: holding.map(\.startPosition)
                ))
            }
        }
        return findings
    }
}
