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
        case .retireCommunity: [.program]
        case .registerPerson(let command): [.program, .person(command.person)]
        case .retitlePerson(let command): [.program, .person(command.person)]
        case .appointLeader(let command): [.program, .community(command.community), .person(command.leader)]
        case .stepDownLeader(let command): [.program, .community(command.community)]
        case .joinResident(let command): [.program, .community(command.community), .person(command.resident)]
        case .leaveResident(let command): [.program, .community(command.community)]
        case .joinStudent(let command): [.program, .community(command.community), .person(command.student)]
        case .leaveStudent(let command): [.program, .community(command.community), .person(command.student)]
        case .assignStaff(let command): [.program, .community(command.community), .person(command.staff)]
        case .unassignStaff(let command): [.program, .community(command.community)]
        case .assignMember(let command): [.program, .community(command.community), .person(command.member)]
        case .removeMember(let command): [.program, .community(command.community)]
        case .completeTraining(let command): [.program, .person(command.faculty)]
        case .recordGathering(let command): [.program, .community(command.community)]
        case .recordMeeting(let command): [.program, .community(command.community)]
        case .logHours(let command): [.program, .community(command.community)]
        case .requestStipend(let command): [.program, .community(command.community), .person(command.payee)]
        case .approveStipend(let command): [.program, .community(command.community)]
        case .payStipend(let command): [.program, .community(command.community)]
        case .reverseStipend(let command): [.program, .community(command.community)]
        case .closeYear: [.program]
        case .setPolicy: [.program]
        case .correctEvent(let command): command.stream == .program ? [.program] : [.program, command.stream]
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
        case .correctEvent(let command):
            guard let target = states.history(of: command.stream).first(where: { $0.eventID == command.eventID }) else { return [] }
            switch target.event {
            case .studentJoined(let event): return [.person(event.student)]
            case .studentLeft(let event): return [.person(event.student)]
            case .communityEstablished, .communityRetired, .policySet, .yearClosed,
                 .personRegistered, .personRetitled, .trainingCompleted, .studentPlaced, .studentReleased,
                 .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft,
                 .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
                 .gatheringHeld, .meetingHeld, .hoursLogged,
                 .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed, .eventCorrected:
                return []
            }
        case .establishCommunity, .retireCommunity, .registerPerson, .retitlePerson, .appointLeader, .stepDownLeader,
             .joinResident, .leaveResident, .joinStudent, .leaveStudent, .assignStaff, .unassignStaff,
             .assignMember, .removeMember, .completeTraining, .recordGathering, .recordMeeting, .logHours,
             .requestStipend, .reverseStipend, .closeYear, .setPolicy:
            return []
        }
    }
}
