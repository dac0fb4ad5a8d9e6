/// Joining and leaving a community as resident, student, staff liaison or member of the
/// local community: COM-02..06's refusals.
enum MembershipDecider {
    /// Adds `person` to `community` in `role` (not leaders: see ``LeaderDecider``).
    ///
    /// Judged here on the command's date; the counts (COM-02..05) and COM-06 are judged
    /// on every date by ``TimelineGuard`` once the events are built.
    static func join(_ role: MembershipRole, _ person: PersonID, _ id: CommunityID, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.activeCommunity(id, states, context)
        let personState = try Guards.registered(person, as: role.requiredRole, for: "join as \(role)", states, context)
        let community = states.community(id)
        if community.tenure(role, person, on: context.occurredOn) != nil {
            throw DomainError(.alreadyDone, "\(person) is already a \(role) of \(id)")
        }
        if role == .student, let graduation = states.program.graduation(of: personState), context.occurredOn > graduation {
            throw DomainError(.com03, "\(person) graduated on \(graduation) (class of \(personState.registration?.payload.classOf ?? 0)); a student joins no community after graduation")
        }
        return joinEvents(role, person, id)
    }

    static func assignMember(_ command: AssignMember, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let dei = Guards.optionalText(command.deiApproval)
        let sa = Guards.optionalText(command.saApproval)
        guard let dei, let sa else {
            let rule = "a member of the local community is assigned with recorded DEI and Student Affairs approval"
            let missing: FieldMessage = switch (dei, sa) {
            case (nil, nil): "\(rule); give \(Field.deiApproval) and \(Field.saApproval)"
            case (nil, _): "\(rule); give \(Field.deiApproval)"
            default: "\(rule); give \(Field.saApproval)"
            }
            throw DomainError(.com05, missing)
        }
        var events = try join(.communityMember, command.member, command.community, states, context)
        events[0].event = .communityMemberAssigned(CommunityMemberAssigned(community: command.community, member: command.member, deiApproval: dei, saApproval: sa))
        return events
    }

    /// Ends `person`'s membership in `role` on the command's date.
    ///
    /// The membership must hold that day and have no end recorded yet (a leave recorded
    /// ahead is corrected, not overtaken); a retired community's memberships were ended
    /// by its retirement.
    static func leave(_ role: MembershipRole, _ person: PersonID, _ id: CommunityID, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.knownCommunity(id, states)
        let community = states.community(id)
        guard let tenure = community.tenure(role, person, on: context.occurredOn) else {
            if let later = community.tenures(of: Membership(role, person)).first(where: { $0.since > context.occurredOn }) {
                throw DomainError(.notApplicable, "\(person) becomes a \(role) of \(id) on \(later.since), after \(context.occurredOn); a leave cannot be dated before its join")
            }
            let never = community.tenures(of: Membership(role, person)).isEmpty ? "" : " on \(context.occurredOn)"
            let what = role == .leader ? "does not lead \(id)" : "is not a \(role) of \(id)"
            throw DomainError(.notApplicable, "\(person) \(what)\(never); check the ids")
        }
        if let until = tenure.until {
            throw DomainError(.notApplicable, "\(person)'s \(role == .leader ? "leadership" : "membership") of \(id) already ends on \(until); correct that event first to change its date")
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
