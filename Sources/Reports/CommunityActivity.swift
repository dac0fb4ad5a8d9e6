public import Mentoring

/// What a community did in the year up to the report's day, against the policy's
/// minimums: the numbers the summary's charts draw.
///
/// Counted the way the compliance rules count (OBL-01..03): a gathering counts when its
/// facilitator led the community that day; a leader's hours are the gatherings they
/// facilitated, their meetings, logged hours and training in the year.
public struct CommunityActivity: Hashable, Sendable {
    /// One leader's hours in the year, against the policy's band.
    public struct LeaderHours: Hashable, Sendable {
        public var leader: PersonID
        public var hours: Hours
        public var meetings: Int
        public var trained: Bool
    }

    public var community: CommunityID
    public var gatherings: Int
    public var gatheringsMinimum: Int
    public var meetings: Int
    /// The meetings the policy asks for: one per leader, or one for the community.
    public var meetingsMinimum: Int
    public var students: Int
    public var studentsMet: Int
    public var leaders: [LeaderHours]
    public var hoursMinimum: Hours
    public var hoursMaximum: Hours

    /// Tallies `id` for `year` as known on `asOf`, from folded states.
    public static func tally(_ id: CommunityID, year: AcademicYear, asOf: Day, states: StreamStates) -> CommunityActivity {
        let through = min(asOf, year.lastDay)
        let community = states.community(id).asOf(asOf)
        let policy = states.program.asOf(asOf).policy(for: year)
        let inWindow = { (day: Day) in year.firstDay <= day && day <= through }
        let counted = community.gatherings.filter { inWindow($0.occurredOn) && community.isLeader($0.payload.facilitator, on: $0.occurredOn) }
        let meetings = community.meetings.filter { inWindow($0.occurredOn) }
        let leaderTenures = community.members(.leader, on: through)
        var seen = Set<PersonID>()
        let leaders = leaderTenures.compactMap { tenure -> LeaderHours? in
            guard seen.insert(tenure.person).inserted else { return nil }
            let leader = tenure.person
            let person = (states.people[leader] ?? PersonState()).asOf(asOf)
            var total = Hours.zero
            for gathering in community.gatherings where gathering.payload.facilitator == leader && inWindow(gathering.occurredOn) {
                total = total + gathering.payload.hours
            }
            let own = meetings.filter { $0.payload.leader == leader }
            for meeting in own { total = total + meeting.payload.hours }
            for entry in community.hoursLogged where entry.payload.leader == leader && inWindow(entry.occurredOn) {
                total = total + entry.payload.hours
            }
            for training in person.trainings where inWindow(training.occurredOn) { total = total + training.payload.hours }
            return LeaderHours(leader: leader, hours: total, meetings: own.count, trained: person.training(by: through) != nil)
        }
        let students = community.members(.student, on: through)
        let met = Set(meetings.flatMap(\.payload.students))
        let meetingsMinimum = switch policy.meetingDuty {
        case .eachLeader: policy.meetingsPerYear * max(leaders.count, 1)
        case .community: policy.meetingsPerYear
        }
        let gatheringsMinimum = switch policy.gatheringDuty {
        case .community: policy.gatheringsPerYear
        case .eachLeader: policy.gatheringsPerYear * max(leaders.count, 1)
        }
        return CommunityActivity(
            community: id, gatherings: counted.count, gatheringsMinimum: gatheringsMinimum,
            meetings: meetings.count, meetingsMinimum: meetingsMinimum,
            students: students.count, studentsMet: students.filter { met.contains($0.person) }.count,
            leaders: leaders, hoursMinimum: policy.leaderHoursMinimum, hoursMaximum: policy.leaderHoursMaximum
        )
    }
}
