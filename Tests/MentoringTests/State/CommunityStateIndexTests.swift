import Mentoring
import Testing

/// `CommunityState` answers "is this person a current member?" and "how many are there?"
/// from indexes it keeps as it folds, not by scanning its tenures. These tests fold random
/// community histories (joins and leaves in every role, leaves without a join, a second
/// join without a leave, corrections that void either) and check after every event that
/// the indexes say what a scan of the tenures says, and that the state folded one event at
/// a time equals the state folded from scratch.
@Suite struct CommunityStateIndexTests {
    let community = cid("c-random")
    let people = pids("p-1", "p-2", "p-3", "p-4", "p-5", "p-6")

    @Test(arguments: 0..<200)
    func indexesAgreeWithAScanOfTheTenures(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var state = CommunityState()
        var recorded: [EventEnvelope] = []
        let length = Int.random(in: 0...120, using: &random)
        for position in 1...max(1, length) {
            let envelope = randomEnvelope(position: Int64(position), after: recorded, using: &random)
            recorded.append(envelope)
            state.evolve(envelope)
            expectIndexesAgree(state, seed: seed, position: position)
        }
        // `asOf` refolds the history from an empty state: the incremental fold must match.
        let refolded = state.asOf(day("2030-06-30"))
        #expect(refolded == state, "seed \(seed): the incremental fold differs from a fold from scratch")
        expectIndexesAgree(refolded, seed: seed, position: recorded.count)
        // And a fold of part of the history (as of a day) keeps its indexes too.
        expectIndexesAgree(state.asOf(day("2026-10-15")), seed: seed, position: recorded.count)
    }

    @Test func aLeaveClosesTheLatestOpenMembershipLikeTheScanDid() {
        var state = CommunityState()
        let p = pid("p-1")
        state.evolve(envelope(.studentJoined(StudentJoined(community: community, student: p)), 1))
        state.evolve(envelope(.studentJoined(StudentJoined(community: community, student: p)), 2))
        #expect(state.currentCount(.student) == 2)
        state.evolve(envelope(.studentLeft(StudentLeft(community: community, student: p)), 3))
        #expect(state.tenures.map(\.endPosition) == [nil, 3])
        #expect(state.isCurrent(.student, p))
        #expect(state.currentCount(.student) == 1)
        state.evolve(envelope(.studentLeft(StudentLeft(community: community, student: p)), 4))
        state.evolve(envelope(.studentLeft(StudentLeft(community: community, student: p)), 5))
        #expect(state.tenures.map(\.endPosition) == [4, 3])
        #expect(!state.isCurrent(.student, p))
        #expect(state.currentCount(.student) == 0)
    }

    private func expectIndexesAgree(_ state: CommunityState, seed: UInt64, position: Int) {
        for role in MembershipRole.allCases {
            let scanned = state.tenures.filter { $0.role == role && $0.isOpen }
            #expect(state.currentCount(role) == scanned.count, "seed \(seed), after position \(position): count of \(role)")
            #expect(state.current(role) == scanned, "seed \(seed), after position \(position): current \(role)")
            for person in people {
                let isOpen = scanned.contains { $0.person == person }
                #expect(state.isCurrent(role, person) == isOpen, "seed \(seed), after position \(position): \(person) as \(role)")
            }
        }
    }

    private func randomEnvelope(position: Int64, after recorded: [EventEnvelope], using random: inout SplitMix64) -> EventEnvelope {
        // One in eight events voids an earlier one (a membership event, or a correction).
        if let target = recorded.randomElement(using: &random), Int.random(in: 0..<8, using: &random) == 0 {
            let correction = EventCorrected(voids: target.eventID, voidedType: "Random", reason: "random")
            return envelope(.eventCorrected(correction), position)
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
        return envelope(event, position)
    }

    /// An envelope of the community's stream, dated a new day every ten positions from
    /// 2026-09-01 to 2026-12-28, so that "as of" folds a part of the history.
    private func envelope(_ event: Event, _ position: Int64) -> EventEnvelope {
        let date = try! Day(year: 2026, month: 9 + Int(position / 40), day: 1 + Int(position % 40 / 10) * 9)
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
