public import Mentoring

extension EventEnvelope {
    /// The ids of the people and communities this event touches, for `audit trail <id>`:
    /// the subject of its stream and every id its payload names.
    public var subjects: [String] {
        var ids: [String] = []
        switch stream {
        case .program: break
        case .community(let id): ids.append(id.rawValue)
        case .person(let id): ids.append(id.rawValue)
        case .disclosures: break
        }
        switch event {
        case .communityEstablished(let e): ids.append(e.community.rawValue)
        case .communityRetired(let e): ids.append(e.community.rawValue)
        case .policySet, .yearClosed: break
        case .personRegistered(let e): ids.append(e.person.rawValue)
        case .personRetitled(let e): ids.append(e.person.rawValue)
        case .personDetailsChanged(let e): ids.append(e.person.rawValue)
        case .personDetailsErased(let e): ids.append(e.person.rawValue)
        case .trainingCompleted(let e): ids.append(e.person.rawValue)
        case .studentPlaced(let e): ids += [e.student.rawValue, e.community.rawValue]
        case .studentReleased(let e): ids += [e.student.rawValue, e.community.rawValue]
        case .leaderAppointed(let e): ids += [e.community.rawValue, e.leader.rawValue]
        case .leaderSteppedDown(let e): ids += [e.community.rawValue, e.leader.rawValue]
        case .residentJoined(let e): ids += [e.community.rawValue, e.resident.rawValue]
        case .residentLeft(let e): ids += [e.community.rawValue, e.resident.rawValue]
        case .studentJoined(let e): ids += [e.community.rawValue, e.student.rawValue]
        case .studentLeft(let e): ids += [e.community.rawValue, e.student.rawValue]
        case .staffLiaisonAssigned(let e): ids += [e.community.rawValue, e.staff.rawValue]
        case .staffLiaisonUnassigned(let e): ids += [e.community.rawValue, e.staff.rawValue]
        case .communityMemberAssigned(let e): ids += [e.community.rawValue, e.member.rawValue]
        case .communityMemberRemoved(let e): ids += [e.community.rawValue, e.member.rawValue]
        case .gatheringHeld(let e): ids += [e.community.rawValue, e.facilitator.rawValue] + e.attendees.map(\.rawValue)
        case .meetingHeld(let e): ids += [e.community.rawValue, e.leader.rawValue] + e.students.map(\.rawValue)
        case .hoursLogged(let e): ids += [e.community.rawValue, e.leader.rawValue]
        case .stipendRequested(let e): ids += [e.community.rawValue, e.payee.rawValue]
        case .stipendApproved(let e): ids += [e.community.rawValue, e.payee.rawValue]
        case .stipendPaid(let e): ids += [e.community.rawValue, e.payee.rawValue]
        case .stipendReversed(let e): ids += [e.community.rawValue, e.payee.rawValue]
        case .eventCorrected, .textRedacted: break
        case .recordsDisclosed:
            // Not indexed: `audit disclosures` and `person record` read the disclosures
            // stream itself, so a whole-program roster read adds no row per student here.
            break
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The people this event may name as leaders, payees or students: whose person
    /// streams a community's compliance and stipend audit read (training and titles of
    /// leaders, the class year a student graduates in).
    var leadersNamed: [PersonID] {
        switch event {
        case .leaderAppointed(let e): [e.leader]
        case .studentJoined(let e): [e.student]
        case .stipendRequested(let e): [e.payee]
        case .gatheringHeld(let e): [e.facilitator]
        case .meetingHeld(let e): [e.leader]
        case .hoursLogged(let e): [e.leader]
        case .communityEstablished, .communityRetired, .policySet, .yearClosed, .personRegistered, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed,
             .trainingCompleted, .studentPlaced, .studentReleased, .leaderSteppedDown, .residentJoined, .residentLeft,
             .studentLeft, .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned,
             .communityMemberRemoved, .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected, .textRedacted:
            []
        }
    }
}
