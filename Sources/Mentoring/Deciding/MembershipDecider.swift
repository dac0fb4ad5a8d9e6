/// Joining and leaving a community as resident, student, staff liaison or member of the
/// local community: COM-02..06's refusals.
enum MembershipDecider {
    /// Adds `person` to `community` in `role` (not leaders: see ``LeaderDecider``).
    static func join(_ role: MembershipRole, _ person: PersonID, _ id: CommunityID, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.activeCommunity(id, states, context)
        let personState = try Guards.registered(person, as: role.requiredRole, for: "join as \(role)", states)
        let community = states.community(id)
        guard !community.isCurrent(role, person) else {
            throw DomainError(.alreadyDone, "\(person) is already a \(role) of \(id)")
        }
        if role == .student, let seat = personState.openPlacements.first {
            throw DomainError(.com06, "\(person) is a student of \(seat.community); a student belongs to one community at a time; leave \(seat.community) first")
        }
        let policy = states.program.policy(on: context.occurredOn)
        try checkRoom(role, in: community, id, policy, remedy: role == .staffLiaison ? "unassign them first" : "remove one first")
        return joinEvents(role, person, id)
    }

    static func assignMember(_ command: AssignMember, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let dei = Guards.optionalText(command.deiApproval)
        let sa = Guards.optionalText(command.saApproval)
        guard let dei, let sa else {
            let missing = [dei == nil ? "--dei-approval" : nil, sa == nil ? "--sa-approval" : nil].compactMap { $0 }
            throw DomainError(.com05, "a member of the local community is assigned with recorded DEI and Student Affairs approval; give \(missing.joined(separator: " and "))")
        }
        var events = try join(.communityMember, command.member, command.community, states, context)
        events[0].event = .communityMemberAssigned(CommunityMemberAssigned(community: command.community, member: command.member, deiApproval: dei, saApproval: sa))
        return events
    }

    /// Ends `person`'s membership in `role`; allowed in a retired community too.
    static func leave(_ role: MembershipRole, _ person: PersonID, _ id: CommunityID, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(id, states)
        guard states.community(id).isCurrent(role, person) else {
            throw DomainError(.notApplicable, "\(person) is not a \(role) of \(id); check the ids")
        }
        switch role {
        case .leader:
            return [PendingEvent(stream: .community(id), event: .leaderSteppedDown(LeaderSteppedDown(community: id, leader: person)))]
        case .resident:
            return [PendingEvent(stream: .community(id), event: .residentLeft(ResidentLeft(community: id, resident: person)))]
        case .student:
            return [
                PendingEvent(stream: .community(id), event: .studentLeft(StudentLeft(community: id, student: person))),
                PendingEvent(stream: .person(person), event: .studentReleased(StudentReleased(student: person, community: id))),
            ]
        case .staffLiaison:
            return [PendingEvent(stream: .community(id), event: .staffLiaisonUnassigned(StaffLiaisonUnassigned(community: id, staff: person)))]
        case .communityMember:
            return [PendingEvent(stream: .community(id), event: .communityMemberRemoved(CommunityMemberRemoved(community: id, member: person)))]
        }
    }

    /// Refuses a membership above the policy's maximum for `role` (COM-01..05).
    ///
    /// Counts without listing: only a refusal needs the names.
    static func checkRoom(_ role: MembershipRole, in community: CommunityState, _ id: CommunityID, _ policy: Policy, remedy: String) throws(DomainError) {
        let count = community.currentCount(role)
        let maximum = role.bounds(in: policy).maximum
        guard count < maximum else {
            let who = role == .staffLiaison || role == .communityMember ? ": \(community.current(role).map(\.person.rawValue).joined(separator: ", "))" : ""
            throw DomainError(role.countRule, "\(id) already has \(role.counted(count)) (the maximum\(who)); \(remedy)")
        }
    }

    private static func joinEvents(_ role: MembershipRole, _ person: PersonID, _ id: CommunityID) -> [PendingEvent] {
        switch role {
        case .leader:
            return [PendingEvent(stream: .community(id), event: .leaderAppointed(LeaderAppointed(community: id, leader: person)))]
        case .resident:
            return [PendingEvent(stream: .community(id), event: .residentJoined(ResidentJoined(community: id, resident: person)))]
        case .student:
            return [
                PendingEvent(stream: .community(id), event: .studentJoined(StudentJoined(community: id, student: person))),
                PendingEvent(stream: .person(person), event: .studentPlaced(StudentPlaced(student: person, community: id))),
            ]
        case .staffLiaison:
            return [PendingEvent(stream: .community(id), event: .staffLiaisonAssigned(StaffLiaisonAssigned(community: id, staff: person)))]
        case .communityMember:
            return [PendingEvent(stream: .community(id), event: .communityMemberAssigned(CommunityMemberAssigned(community: id, member: person, deiApproval: "", saApproval: "")))]
        }
    }
}
