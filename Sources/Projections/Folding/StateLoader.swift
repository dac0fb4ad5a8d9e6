internal import Mentoring

/// Folds the streams a community's read models need, as of a position.
///
/// Compliance and the stipend audit read the program (policy, communities), the
/// community, and its leaders' person streams (training, titles). Only faculty person
/// states are kept: they are the only ones the rules read, and a rebuild keeps exactly
/// the same set, so both paths give identical rows.
struct StateLoader {
    let reader: EventReader
    let through: Int64

    func program() throws -> ProgramState {
        var program = ProgramState()
        for envelope in try reader.streams([Mentoring.StreamName.program.rawValue], through: through) {
            program.evolve(envelope)
        }
        return program
    }

    /// The states of `id`'s community stream and of the faculty it names, with `program`.
    func community(_ id: CommunityID, program: ProgramState) throws -> StreamStates {
        var states = StreamStates()
        states.program = program
        let community = try self.community(id)
        states.communities[id] = community
        let named = Set(community.history.flatMap(\.leadersNamed))
        let people = try reader.streams(named.map { Mentoring.StreamName.person($0).rawValue }.sorted(), through: through)
        for envelope in people {
            if case .person(let person) = envelope.stream { states.people[person, default: PersonState()].evolve(envelope) }
        }
        states.people = states.people.filter { $0.value.role == .faculty }
        return states
    }

    /// The community's own stream, folded.
    func community(_ id: CommunityID) throws -> CommunityState {
        var community = CommunityState()
        for envelope in try reader.streams([Mentoring.StreamName.community(id).rawValue], through: through) {
            community.evolve(envelope)
        }
        return community
    }

    /// The faculty among `named`, picked from states folded elsewhere (a rebuild's).
    static func faculty(_ named: some Sequence<PersonID>, from people: [PersonID: PersonState]) -> [PersonID: PersonState] {
        var picked: [PersonID: PersonState] = [:]
        for id in named { if let state = people[id], state.role == .faculty { picked[id] = state } }
        return picked
    }
}
