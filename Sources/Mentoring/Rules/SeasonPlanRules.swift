/// OBL-04: the season plan, as advisories for seasons that have ended (``SeasonPlan``).
///
/// A season is judged only once its last day is before `asOf` and within the year, so a
/// fall gathering is not missing in August, and only once per season.
enum SeasonPlanRules {
    static func evaluate(_ context: CommunityContext) -> [Finding] {
        let plan = SeasonPlan(context.window.year)
        let asOf = context.window.asOf
        let community = context.community
        var findings: [Finding] = []
        if asOf > plan.summer.last {
            for tenure in community.members(.leader, on: plan.summer.last)
            where context.person(tenure.person).training(by: plan.summer.last) == nil {
                findings.append(Finding(
                    rule: .obl04, community: context.id, person: tenure.person, severity: .advisory,
                    message: "\(tenure.person) had not completed leadership training by the end of summer (\(plan.summer.last)), when the plan schedules it",
                    evidence: [tenure.startPosition]
                ))
            }
        }
        if asOf > plan.fall.last, !hasGathering(in: plan.fall, context) {
            findings.append(advisory(context, "\(context.id) held no community gathering in the fall (\(plan.fall.first) to \(plan.fall.last))"))
        }
        if asOf > plan.winterSpring.last, !community.meetings.contains(where: { plan.winterSpring.contains($0.occurredOn) }) {
            findings.append(advisory(context, "\(context.id)'s leaders held no meetings with students in winter–spring (\(plan.winterSpring.first) to \(plan.winterSpring.last))"))
        }
        if asOf > plan.spring.last, !hasGathering(in: plan.spring, context) {
            findings.append(advisory(context, "\(context.id) held no community gathering in the spring (\(plan.spring.first) to \(plan.spring.last))"))
        }
        return findings
    }

    private static func hasGathering(in season: SeasonPlan.Season, _ context: CommunityContext) -> Bool {
        ObligationRules.countedGatherings(context.community, context.window.year, through: season.last)
            .contains { season.contains($0.occurredOn) }
    }

    private static func advisory(_ context: CommunityContext, _ message: String) -> Finding {
        Finding(rule: .obl04, community: context.id, severity: .advisory, message: message)
    }
}
