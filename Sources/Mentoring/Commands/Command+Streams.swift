extension Command {
    /// The streams this command reads, as far as the command alone tells.
    ///
    /// Every command reads `program` (policy in force, closed years, which communities
    /// exist). The handler appends with the expected version of *every* stream read, so
    /// an invariant spanning streams holds only if the conflicting commands write a
    /// stream they both read: see ``JoinStudent`` for COM-06.
    public var streamsRead: [StreamName] {
        switch self {
        case .establishCommunity: [.program]
        case .retireCommunity(let command): [.program, .community(command.community)]
        case .registerPerson(let command): [.program, .person(command.person)]
        case .retitlePerson(let command): [.program, .person(command.person)]
        case .renamePerson(let command): [.program, .person(command.person)]
        case .erasePerson(let command): [.program, .person(command.person)]
        case .appointLeader(let command): [.program, .community(command.community), .person(command.leader)]
        case .stepDownLeader(let command): [.program, .community(command.community), .person(command.leader)]
        case .joinResident(let command): [.program, .community(command.community), .person(command.resident)]
        case .leaveResident(let command): [.program, .community(command.community), .person(command.resident)]
        case .joinStudent(let command): [.program, .community(command.community), .person(command.student)]
        case .leaveStudent(let command): [.program, .community(command.community), .person(command.student)]
        case .assignStaff(let command): [.program, .community(command.community), .person(command.staff)]
        case .unassignStaff(let command): [.program, .community(command.community), .person(command.staff)]
        case .assignMember(let command): [.program, .community(command.community), .person(command.member)]
        case .removeMember(let command): [.program, .community(command.community), .person(command.member)]
        case .completeTraining(let command): [.program, .person(command.faculty)]
        case .recordGathering(let command): [.program, .community(command.community), .person(command.facilitator)] + command.attendees.map(StreamName.person)
        case .recordMeeting(let command): [.program, .community(command.community), .person(command.leader)] + command.students.map(StreamName.person)
        case .logHours(let command): [.program, .community(command.community)]
        case .requestStipend(let command): [.program, .community(command.community), .person(command.payee)]
        case .approveStipend(let command): [.program, .community(command.community)]
        case .payStipend(let command): [.program, .community(command.community)]
        case .reverseStipend(let command): [.program, .community(command.community)]
        case .closeYear: [.program]
        case .setPolicy: [.program]
        case .correctEvent(let command): command.stream == .program ? [.program] : [.program, command.stream]
        case .redactText(let command): command.stream == .program ? [.program] : [.program, command.stream]
        }
    }

    /// Every stream the decision needs, given the states read so far.
    ///
    /// Some streams are known only after reading others: approving a stipend must read
    /// the payee named in the request, and voiding a student's join must read that
    /// student's stream too. A handler reads until nothing new is asked:
    ///
    /// ```swift
    /// var states = StreamStates()
    /// var expected: [StreamName: Int] = [:]
    /// while let next = command.streamsRead(given: states).first(where: { expected[$0] == nil }) {
    ///     let (events, version) = try store.read(next)
    ///     states.evolve(events)
    ///     expected[next] = version
    /// }
    /// ```
    public func streamsRead(given states: StreamStates) -> [StreamName] {
        var streams = streamsRead
        for extra in dependentStreams(given: states) where !streams.contains(extra) {
            streams.append(extra)
        }
        return streams
    }

    private func dependentStreams(given states: StreamStates) -> [StreamName] {
        switch self {
        case .approveStipend(let command):
            return states.community(command.community).activeStipends(for: command.year).map { .person($0.payee) }
        case .payStipend(let command):
            return states.community(command.community).activeStipends(for: command.year).map { .person($0.payee) }
        case .joinStudent(let command):
            // COM-03 counts students until graduation: their class years are needed,
            // unless every period the community ever had cannot reach the maximum.
            let community = states.community(command.community)
            guard let record = states.program.communities[command.community],
                  community.periodCount(.student) + 1 > states.program.smallestMaximum(.student, from: record.established.occurredOn.academicYear)
            else { return [] }
            return Self.openStudents(community)
        case .erasePerson:
            // Erasure is refused while any membership is open: every community is read.
            return states.program.communities.keys.sorted().map(StreamName.community)
        case .retireCommunity(let command):
            // Retiring ends every open membership, a student's on both streams.
            return Self.openStudents(states.community(command.community))
        case .correctEvent(let command):
            guard let target = states.history(of: command.stream).first(where: { $0.eventID == command.eventID }) else { return [] }
            switch target.event {
            case .studentJoined(let event): return [.person(event.student)] + Self.openStudents(states.community(event.community))
            case .studentLeft(let event): return [.person(event.student)] + Self.openStudents(states.community(event.community))
            case .communityEstablished(let event): return [.community(event.community)]
            case .communityRetired(let event): return [.community(event.community)] + Self.openStudents(states.community(event.community))
            case .personRegistered:
                // Nobody may be left in a community without a registration.
                return states.program.communities.keys.sorted().map(StreamName.community)
            case .stipendRequested(let event): return [.person(event.payee)]
            case .leaderAppointed(let event): return [.person(event.leader)]
            case .leaderSteppedDown(let event): return [.person(event.leader)]
            case .residentJoined, .residentLeft, .staffLiaisonAssigned, .staffLiaisonUnassigned,
                 .communityMemberAssigned, .communityMemberRemoved, .policySet, .yearClosed, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed, .trainingCompleted, .studentPlaced, .studentReleased,
                 .gatheringHeld, .meetingHeld, .hoursLogged,
                 .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected, .textRedacted:
                return []
            }
        case .establishCommunity, .registerPerson, .retitlePerson, .renamePerson, .appointLeader, .stepDownLeader,
             .joinResident, .leaveResident, .leaveStudent, .assignStaff, .unassignStaff,
             .assignMember, .removeMember, .completeTraining, .recordGathering, .recordMeeting, .logHours,
             .requestStipend, .reverseStipend, .closeYear, .setPolicy, .redactText:
            return []
        }
    }

    /// The person streams of students whose membership has no end recorded.
    private static func openStudents(_ community: CommunityState) -> [StreamName] {
        community.current(.student).map { .person($0.person) }
    }
}
