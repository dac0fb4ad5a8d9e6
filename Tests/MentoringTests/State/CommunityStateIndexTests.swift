import Mentoring
import Testing

/// `CommunityState` builds membership periods by business date, whatever order the joins
/// and leaves were recorded in. These tests fold random community histories (joins and
/// leaves in every role, dated at random so that many are recorded late or ahead, leaves
/// without a join, a second join without a leave, corrections that void either) and check
/// after every event that the periods are what a plain reference says: the live moves of
/// each person and role sorted by date, then paired start, end, start…, a move that does
/// not fit skipped. The state folded one event at a time must equal the state folded from
/// scratch.
@Suite struct CommunityStateIndexTests {
    let community = cid("c-random")
    let people = pids("p-1", "p-2", "p-3", "p-4", "p-5", "p-6")

    @Test(arguments: 0..<200)
    func periodsFollowBusinessDatesWhateverTheRecordingOrder(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var state = CommunityState()
        var recorded: [EventEnvelope] = []
        let length = Int.random(in: 0...120, using: &random)
        for position in 1...max(1, length) {
            let envelope = randomEnvelope(position: Int64(position), after: recorded, using: &random)
            recorded.append(envelope)
            state.evolve(envelope)
            expectReferencePeriods(state, recorded, seed: seed, position: position)
        }
        // `asOf` refolds the history from an empty state: the incremental fold must match.
        let refolded = state.asOf(day("2030-06-30"))
        #expect(refolded == state, "seed \(seed): the incremental fold differs from a fold from scratch")
        let cut = day("2026-10-15")
        expectReferencePeriods(state.asOf(cut), recorded.filter { $0.occurredOn <= cut }, seed: seed, position: recorded.count)
    }

    @Test func aLeaveRecordedAheadAndAJoinBackDatedPairByDate() {
        var state = CommunityState()
        let p = pid("p-1")
        state.evolve(envelope(.studentJoined(StudentJoined(community: community, student: p)), 1, on: "2026-09-01"))
        state.evolve(envelope(.studentLeft(StudentLeft(community: community, student: p)), 2, on: "2027-03-01"))
        state.evolve(envelope(.studentLeft(StudentLeft(community: community, student: p)), 3, on: "2026-12-01"))
        state.evolve(envelope(.studentJoined(StudentJoined(community: community, student: p)), 4, on: "2027-01-10"))
        #expect(state.tenures.map(\.since) == [day("2026-09-01"), day("2027-01-10")])
        #expect(state.tenures.map(\.until) == [day("2026-12-01"), day("2027-03-01")])
        #expect(state.misfits.isEmpty)
        #expect(state.count(.student, on: day("2026-12-15")) == 0)
        #expect(state.count(.student, on: day("2027-02-01")) == 1)
        state.evolve(envelope(.studentJoined(StudentJoined(community: community, student: p)), 5, on: "2026-10-01"))
        #expect(state.misfits[Membership(.student, p)]?.position == 5)
    }

    private func expectReferencePeriods(_ state: CommunityState, _ recorded: [EventEnvelope], seed: UInt64, position: Int) {
        var voided: Set<EventID> = []
        for envelope in recorded { if case .eventCorrected(let correction) = envelope.event { voided.insert(correction.voids) } }
        let live = recorded.filter { !voided.contains($0.eventID) }
        var expected: [Tenure] = []
        for role in MembershipRole.allCases {
            for person in people {
                let moves = live.compactMap { envelope -> (start: Bool, envelope: EventEnvelope)? in
                    guard let move = membershipMove(envelope.event), move.role == role, move.person == person else { return nil }
                    return (move.start, envelope)
                }.sorted { ($0.envelope.occurredOn, $0.envelope.position) < ($1.envelope.occurredOn, $1.envelope.position) }
                var open: Tenure?
                for move in moves {
                    if move.start {
                        guard open == nil else { continue }
                        open = Tenure(role: role, person: person, since: move.envelope.occurredOn, startEventID: move.envelope.eventID, startPosition: move.envelope.position)
                    } else if var period = open {
                        period.until = move.envelope.occurredOn
                        period.endEventID = move.envelope.eventID
                        period.endPosition = move.envelope.position
                        expected.append(period)
                        open = nil
                    }
                }
                if let open { expected.append(open) }
            }
        }
        let key = { (tenure: Tenure) in "\(tenure.role) \(tenure.person) \(tenure.since) \(tenure.startPosition)" }
        #expect(state.tenures.map(key).sorted() == expected.map(key).sorted(), "seed \(seed), after position \(position)")
        #expect(Set(state.tenures.map(\.until)) == Set(expected.map(\.until)), "seed \(seed), after position \(position)")
        #expect(state.tenures == state.tenures.sorted { ($0.since, $0.startPosition) < ($1.since, $1.startPosition) })
    }

    private func membershipMove(_ event: Event) -> (role: MembershipRole, person: PersonID, start: Bool)? {
        switch event {
        case .leaderAppointed(let e): (.leader, e.leader, true)
        case .leaderSteppedDown(let e): (.leader, e.leader, false)
        case .residentJoined(let e): (.resident, e.resident, true)
        case .residentLeft(let e): (.resident, e.resident, false)
        case .studentJoined(let e): (.student, e.student, true)
        case .studentLeft(let e): (.student, e.student, false)
        case .staffLiaisonAssigned(let e): (.staffLiaison, e.staff, true)
        case .staffLiaisonUnassigned(let e): (.staffLiaison, e.staff, false)
        case .communityMemberAssigned(let e): (.communityMember, e.member, true)
        case .communityMemberRemoved(let e): (.communityMember, e.member, false)
        default: nil
        }
    }

    private func randomEnvelope(position: Int64, after recorded: [EventEnvelope], using random: inout SplitMix64) -> EventEnvelope {
        // One in eight events voids an earlier one (a membership event, or a correction).
        if let target = recorded.randomElement(using: &random), Int.random(in: 0..<8, using: &random) == 0 {
            let correction = EventCorrected(voids: target.eventID, voidedType: "Random", reason: "random")
            return envelope(.eventCorrected(correction), position, on: "2026-09-01")
        }
        let person = people.randomElement(using: &random)!
        let role = MembershipRole.allCases.randomElement(using: &random)!
        let joins = Int.random(in: 0..<3, using: &random) < 2
        let event: Event = switch (role, joins) {
        case (.leader, true): .leaderAppointed(LeaderAppointed(community: community, leader: person, exception: "random"))
        case (.leader, false): .leaderSteppedDown(LeaderSteppedDown(community: community, leader: person))
        case (.resident, true): .residentJoined(ResidentJoined(community: community, resident: person))
        case (.resident, false): .residentLeft(ResidentLeft(community: community, resident: person))
        case (.student, true): .studentJoined(StudentJoined(community: community, student: person))
        case (.student, false): .studentLeft(StudentLeft(community: community, student: person))
        case (.staffLiaison, true): .staffLiaisonAssigned(StaffLiaisonAssigned(community: community, staff: person))
        case (.staffLiaison, false): .staffLiaisonUnassigned(StaffLiaisonUnassigned(community: community, staff: person))
        case (.communityMember, true): .communityMemberAssigned(CommunityMemberAssigned(community: community, member: person, deiApproval: "dei", saApproval: "sa"))
        case (.communityMember, false): .communityMemberRemoved(CommunityMemberRemoved(community: community, member: person))
        }
        let date = try! Day(year: 2026, month: Int.random(in: 9...12, using: &random), day: Int.random(in: 1...4, using: &random) * 7)
        return envelope(event, position, on: date.description)
    }

    /// An envelope of the community's stream dated `date`.
    private func envelope(_ event: Event, _ position: Int64, on date: String = "2026-09-01") -> EventEnvelope {
        let date = day(date)
        return EventEnvelope(
            event: event, stream: .community(community), position: position, eventID: EventID("e-\(position)"),
            occurredOn: date, actor: Actor("admin")
        )
    }
}

/// A small seeded generator, so a failing history can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
