internal import Mentoring

/// Folds the streams a community's read models need, as of a position.
///
/// Compliance and the stipend audit read the program (policy, communities), the
/// community, its leaders' person streams (training, titles) and its students' (the
/// class year: a membership ends at graduation). Only faculty and student person states
/// are kept: they are the only ones the rules read, and a rebuild keeps exactly the same
/// set, so both paths give identical rows.
struct StateLoader {
    let reader: EventReader
    let through: Int64
    /// States kept from earlier batches of the same catch-up (nil: fold from the start).
    var cache: FoldCache?
    /// The batch being folded: every readable event after `after` up to ``through``, in
    /// position order. A kept state folded through `after` or later continues from these
    /// instead of asking the database (a follower's steady state reads no stream at all).
    var recent: (after: Int64, events: [EventEnvelope])?

    init(reader: EventReader, through: Int64, cache: FoldCache? = nil, recent: (after: Int64, events: [EventEnvelope])? = nil) {
        self.reader = reader
        self.through = through
        self.cache = cache
        self.recent = recent
    }

    /// The events of `streams` after `after` up to ``through``: taken from the batch when
    /// it holds them all, else read.
    func events(_ streams: [String], after: Int64) throws -> [EventEnvelope] {
        guard !streams.isEmpty, after < through else { return [] }
        if let recent, after >= recent.after {
            let wanted = Set(streams)
            return recent.events.filter { envelope in
                envelope.position > after && envelope.position <= through && wanted.contains(envelope.stream.rawValue)
            }
        }
        return try reader.streams(streams, after: after, through: through)
    }

    func program() throws -> ProgramState {
        if let cache, let kept = cache.program?.through, kept <= through, var program = cache.program.take()?.state {
            // Taken out of the cache, not copied: evolving then appends to the state's
            // history in place instead of copying all of it at every batch.
            for envelope in try events([Mentoring.StreamName.program.rawValue], after: kept) {
                program.evolve(envelope)
            }
            cache.program = FoldCache.Entry(state: program, through: through)
            return program
        }
        var program = ProgramState()
        for envelope in try reader.streams([Mentoring.StreamName.program.rawValue], through: through) {
            program.evolve(envelope)
        }
        cache?.program = FoldCache.Entry(state: program, through: through)
        return program
    }

    /// The states of `id`'s community stream and of the faculty it names, with `program`.
    func community(_ id: CommunityID, program: ProgramState) throws -> StreamStates {
        var states = StreamStates()
        states.program = program
        let community = try self.community(id)
        states.communities[id] = community
        let named = Set(community.history.flatMap(\.leadersNamed))
        var people: [PersonID: PersonState] = [:]
        // Kept people continue from where they were folded; the others fold from the start.
        var fresh: [PersonID] = []
        var kept: [PersonID: FoldCache.Entry<PersonState>] = [:]
        for person in named {
            if let entry = cache?.people[person], entry.through <= through { kept[person] = entry } else { fresh.append(person) }
        }
        for envelope in try reader.streams(fresh.map { Mentoring.StreamName.person($0).rawValue }.sorted(), through: through) {
            if case .person(let person) = envelope.stream { people[person, default: PersonState()].evolve(envelope) }
        }
        if let since = kept.values.map(\.through).min() {
            for (person, entry) in kept { people[person] = entry.state }
            for envelope in try events(kept.keys.map { Mentoring.StreamName.person($0).rawValue }.sorted(), after: since) {
                guard case .person(let person) = envelope.stream, let entry = kept[person], envelope.position > entry.through else { continue }
                people[person, default: PersonState()].evolve(envelope)
            }
        }
        if let cache {
            cache.reserve(named.count)
            for person in named { cache.people[person] = FoldCache.Entry(state: people[person] ?? PersonState(), through: through) }
        }
        states.people = people.filter { Self.isRead($0.value) }
        return states
    }

    /// The community's own stream, folded.
    func community(_ id: CommunityID) throws -> CommunityState {
        let stream = Mentoring.StreamName.community(id).rawValue
        var community = CommunityState()
        if let cache, let kept = cache.communities[id]?.through, kept <= through {
            // Taken out of the cache, as the program's is (see ``program()``).
            community = cache.communities.removeValue(forKey: id)!.state
            for envelope in try events([stream], after: kept) { community.evolve(envelope) }
        } else {
            for envelope in try reader.streams([stream], through: through) { community.evolve(envelope) }
        }
        if let cache {
            if cache.communities[id] == nil { cache.reserve(1) }
            cache.communities[id] = FoldCache.Entry(state: community, through: through)
        }
        return community
    }

    /// The faculty and students among `named`, picked from states folded elsewhere (a rebuild's).
    static func faculty(_ named: some Sequence<PersonID>, from people: [PersonID: PersonState]) -> [PersonID: PersonState] {
        var picked: [PersonID: PersonState] = [:]
        for id in named { if let state = people[id], isRead(state) { picked[id] = state } }
        return picked
    }

    /// Whether the rules read this person's state: faculty (training, titles) and
    /// students (graduation).
    static func isRead(_ person: PersonState) -> Bool {
        person.role == .faculty || person.role == .student
    }
}
