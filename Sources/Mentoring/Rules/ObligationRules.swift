/// OBL-01..03: a leader's yearly hours, meetings with students, and gatherings.
///
/// Yearly totals can be met until June 30, so they are findings only once the year is
/// over (see ``EvaluationWindow``), and they bind the leaders in office on its last day:
/// a leader who stepped down in October owes nothing for the rest of the year.
enum ObligationRules {
    static func evaluate(_ context: CommunityContext) -> [Finding] {
        guard context.window.isYearOver else { return [] }
        return hours(context) + meetings(context) + gatherings(context)
    }

    /// Gatherings dated in the year up to `through` whose facilitator led the community
    /// that day: only those count toward OBL-03 (and STP-05).
    static func countedGatherings(_ community: CommunityState, _ year: AcademicYear, through: Day) -> [Recorded<GatheringHeld>] {
        community.gatherings.filter { gathering in
            year.contains(gathering.occurredOn) && gathering.occurredOn <= through
                && community.isLeader(gathering.payload.facilitator, on: gathering.occurredOn)
        }
    }

    /// OBL-01: gatherings facilitated, meetings held, hours logged and training completed
    /// in the year, per leader, against the policy's minimum.
    private static func hours(_ context: CommunityContext) -> [Finding] {
        let window = context.window
        let community = context.community
        return context.leaders.compactMap { tenure in
            let leader = tenure.person
            var total = Hours.zero
            var evidence: [Int64] = []
            // A leader's time at a gathering counts whether they facilitated or attended.
            for gathering in community.gatherings where window.covers(gathering.occurredOn)
                && (gathering.payload.facilitator == leader || gathering.payload.attendees.contains(leader)) {
                total = total + gathering.payload.hours
                evidence.append(gathering.position)
            }
            for meeting in community.meetings where meeting.payload.leader == leader && window.covers(meeting.occurredOn) {
                total = total + meeting.payload.hours
                evidence.append(meeting.position)
            }
            for entry in community.hoursLogged where entry.payload.leader == leader && window.covers(entry.occurredOn) {
                total = total + entry.payload.hours
                evidence.append(entry.position)
            }
            // Training is one-time: counted once a year, however often it is repeated.
            if let training = context.person(leader).trainings.filter({ window.covers($0.occurredOn) }).min(by: { ($0.occurredOn, $0.position) < ($1.occurredOn, $1.position) }) {
                total = total + training.payload.hours
                evidence.append(training.position)
            }
            guard total < context.policy.leaderHoursMinimum else { return nil }
            return Finding(
                rule: .obl01, community: context.id, person: leader, severity: .violation,
                message: "\(leader) gave \(total) hours to \(context.id) in \(window.year), fewer than the \(context.policy.leaderHoursMinimum) expected",
                evidence: evidence
            )
        }
    }

    /// OBL-02: each leader met students (or the community did, by policy), and every
    /// student in the community at the end of the year was met.
    private static func meetings(_ context: CommunityContext) -> [Finding] {
        let window = context.window
        let policy = context.policy
        let inYear = context.community.meetings.filter { window.covers($0.occurredOn) }
        var findings: [Finding] = []
        switch policy.meetingDuty {
        case .eachLeader:
            for tenure in context.leaders {
                let own = inYear.filter { $0.payload.leader == tenure.person }
                guard own.count < policy.meetingsPerYear else { continue }
                findings.append(Finding(
                    rule: .obl02, community: context.id, person: tenure.person, severity: .violation,
                    message: "\(tenure.person) met \(context.id)'s students \(own.count) time\(own.count == 1 ? "" : "s") in \(window.year); at least \(policy.meetingsPerYear) expected",
                    evidence: [tenure.startPosition] + own.map(\.position)
                ))
            }
        case .community:
            if inYear.count < policy.meetingsPerYear {
                findings.append(Finding(
                    rule: .obl02, community: context.id, severity: .violation,
                    message: "\(context.id)'s leaders met students \(inYear.count) time\(inYear.count == 1 ? "" : "s") in \(window.year); at least \(policy.meetingsPerYear) expected",
                    evidence: inYear.map(\.position)
                ))
            }
        }
        if policy.everyStudentMet {
            let met = Set(inYear.flatMap(\.payload.students))
            let unmet = context.members(.student, on: window.through).filter { !met.contains($0.person) }
            if !unmet.isEmpty {
                findings.append(Finding(
                    rule: .obl02, community: context.id, severity: .violation,
                    message: "\(unmet.count) student\(unmet.count == 1 ? " was" : "s were") not met by a leader in \(window.year): \(unmet.map(\.person.rawValue).joined(separator: ", "))",
                    evidence: unmet.map(\.startPosition) + inYear.map(\.position)
                ))
            }
        }
        return findings
    }

    /// OBL-03: whole-community gatherings facilitated by a leader.
    private static func gatherings(_ context: CommunityContext) -> [Finding] {
        let window = context.window
        let policy = context.policy
        let counted = countedGatherings(context.community, window.year, through: window.through)
        switch policy.gatheringDuty {
        case .community:
            guard counted.count < policy.gatheringsPerYear else { return [] }
            return [Finding(
                rule: .obl03, community: context.id, severity: .violation,
                message: "\(context.id) held \(counted.count) gathering\(counted.count == 1 ? "" : "s") facilitated by a leader in \(window.year); at least \(policy.gatheringsPerYear) expected",
                evidence: counted.map(\.position)
            )]
        case .eachLeader:
            return context.leaders.compactMap { tenure in
                let own = counted.filter { $0.payload.facilitator == tenure.person }
                guard own.count < policy.gatheringsPerYear else { return nil }
                return Finding(
                    rule: .obl03, community: context.id, person: tenure.person, severity: .violation,
                    message: "\(tenure.person) facilitated \(own.count) gathering\(own.count == 1 ? "" : "s") of \(context.id) in \(window.year); at least \(policy.gatheringsPerYear) expected",
                    evidence: [tenure.startPosition] + own.map(\.position)
                )
            }
        }
    }
}
