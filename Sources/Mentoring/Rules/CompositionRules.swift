/// COM-01..04 below the minimum: too few leaders, residents or students, or no staff
/// liaison, on the last day looked at. (COM-05's "at most one" and COM-06 are refusals
/// only; the default policy requires no member of the local community.)
enum CompositionRules {
    static func evaluate(_ context: CommunityContext) -> [Finding] {
        let roles: [MembershipRole] = [.leader, .resident, .student, .staffLiaison]
        var findings: [Finding] = []
        for role in roles {
            let members = context.community.members(role, on: context.window.through)
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
}
