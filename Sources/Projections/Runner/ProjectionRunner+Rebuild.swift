internal import EventStore
internal import Foundation
internal import Mentoring
internal import Postgres

extension ProjectionRunner {
    /// What a rebuild did.
    public struct RebuildReport: Sendable {
        /// The head the rebuild read up to in its pass from position 0.
        public var head: Int64
        /// Events appended during the pass, folded before the swap.
        public var caughtUp: Int
        public var seconds: Double
    }

    /// Rebuilds projections from position 0 into their inactive generation and swaps it in.
    ///
    /// Readers keep reading the active generation the whole time. The pass reads the log
    /// once, stream by stream (the program, then person streams, then community streams)
    /// so that one community's folded state is in memory at a time; a ``RebuildReader``
    /// on a second connection reads and decodes ahead while this connection writes. The
    /// pass then catches up with events appended meanwhile and swaps, in the transaction
    /// that stores the checkpoint. Cancelling (`shouldContinue` returning false, or
    /// killing the process) rolls the pass back and leaves the active generation as it was.
    ///
    /// - Throws: ``ProjectionError`` `.rebuildRunning` when another rebuild of one of the
    ///   projectors holds its lock, `.cancelled` when asked to stop.
    @discardableResult
    public func rebuild(
        _ projectors: [ProjectorName] = ProjectorName.allCases, chunkSize: Int = 20_000,
        shouldContinue: () -> Bool = { true }
    ) throws -> RebuildReport {
        guard connection.transactionState == .idle else {
            throw ProjectionError(code: .transactionOpen, message: "a rebuild runs in transactions of its own; call it outside a transaction")
        }
        let started = Date()
        var locked: [ProjectorName] = []
        defer {
            for projector in locked { _ = try? connection.execute("SELECT pg_advisory_unlock($1::bigint)", [projector.rebuildLockKey]) }
        }
        return try mappingErrors {
            for projector in projectors {
                guard try connection.execute("SELECT pg_try_advisory_lock($1::bigint)", [projector.rebuildLockKey]).first?.bool(0) == true else {
                    throw ProjectionError(code: .rebuildRunning, message: "a rebuild of \(projector) is already running; wait for it to finish")
                }
                locked.append(projector)
            }
            var targets: [ProjectorName: Generation] = [:]
            for projector in projectors { targets[projector] = try activeGeneration(projector).other }
            // Emptying the inactive generation takes an exclusive lock on its tables:
            // done in a short transaction of its own, so readers wait only for that.
            try truncate(targets)

            let (head, caughtUp) = try withoutActuallyEscaping(shouldContinue) { shouldContinue in try connection.withTransaction { _ in
                var pass = RebuildPass(runner: self, targets: targets, chunkSize: max(1, chunkSize), shouldContinue: shouldContinue)
                let head = try pass.run()
                try reader.quarantine.store(connection, replacingThrough: head)
                var caughtUp = 0
                for projector in projectors {
                    let target = targets[projector]!
                    try saveCheckpoint(projector, target, position: head, latestOn: pass.latestOn)
                    while true {
                        let folded = try catchUpBatch(projector, generation: target)
                        caughtUp += folded
                        if folded < batchSize { break }
                    }
                    try connection.execute(
                        "UPDATE mcledger.projection_generations SET active = $2, swapped_at = now() WHERE projector = $1",
                        [projector.rawValue, target.rawValue]
                    )
                }
                return (head, caughtUp)
            } }
            // The generation swapped out is garbage now; empty it to free the space.
            try truncate(targets.mapValues(\.other))
            logger.info("projections rebuilt", metadata: ["projectors": "\(projectors)", "head": "\(head)"])
            return RebuildReport(head: head, caughtUp: caughtUp, seconds: Date().timeIntervalSince(started))
        }
    }

    private func truncate(_ generations: [ProjectorName: Generation]) throws {
        try connection.withTransaction { connection in
            for (projector, generation) in generations.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try connection.simpleQuery("TRUNCATE " + projector.tables.map(generation.table).joined(separator: ", "))
                try saveCheckpoint(projector, generation, position: 0, latestOn: nil)
            }
        }
    }
}

/// One read of the whole log for a rebuild, writing into the target generations, or
/// keeping the rows in memory for `projections verify`.
struct RebuildPass {
    let runner: ProjectionRunner
    let targets: [ProjectorName: Generation]
    let chunkSize: Int
    let shouldContinue: () -> Bool
    /// Read up to this position instead of the head.
    var through: Int64?
    /// The day each compliance scope is evaluated as of (nil: the runner's today).
    var evaluationDay: ((String) -> Day)?
    /// Keep the rows in ``kept`` instead of writing them.
    var keeping = false
    /// The rows of a keeping pass, by table.
    private(set) var kept: [String: [[String?]]] = [:]
    private(set) var latestOn: Day?
    private var rows = RowBuffer()
    private var program = ProgramState()
    /// The faculty and students the communities finishing in the current chunk name
    /// (``RebuildReader``): never every person at once.
    private var people: [PersonID: PersonState] = [:]
    private var leads: [(person: String, community: String)] = []

    init(runner: ProjectionRunner, targets: [ProjectorName: Generation], chunkSize: Int, shouldContinue: @escaping () -> Bool) {
        self.runner = runner
        self.targets = targets
        self.chunkSize = chunkSize
        self.shouldContinue = shouldContinue
    }

    private var connection: Connection { runner.connection }
    private var reader: EventReader { runner.reader }

    /// Reads every event up to the head (or ``through``) and writes the rows; returns
    /// that position.
    mutating func run() throws -> Int64 {
        let head = try through ?? reader.store.head().position
        // Events of streams no projector folds are quarantined, as catching up does.
        var strays: [StoredEvent] = []
        try reader.store.scan(excludingStreams: ["program"], prefixes: ["community-", "person-"], through: head) { strays.append($0) }
        _ = reader.codec.envelopes(strays, quarantine: reader.quarantine)
        latestOn = try reader.store.latestOccurredOn(through: head).flatMap { try? Day($0) }

        let programEvents = try reader.streams([Mentoring.StreamName.program.rawValue], through: head)
        for envelope in programEvents { program.evolve(envelope) }
        addEventRows(programEvents)
        let source = RebuildReader(
            configuration: try connection.configuration(), codec: reader.codec, quarantine: reader.quarantine, through: head, chunkSize: chunkSize
        )
        defer { source.stop() }
        var current: (id: CommunityID, state: CommunityState)?
        var visited = Set<CommunityID>()
        while let chunk = try source.next() {
            try checkCancelled()
            switch chunk {
            case .people(let envelopes): addEventRows(envelopes)
            case .communities(let envelopes, let named):
                people = Self.foldPeople(named)
                foldCommunities(envelopes, &current, &visited)
            }
            try flush()
        }
        if let done = current { finish(done.id, done.state) }
        // Communities established but never written to still have findings (no leaders…).
        for id in ProjectionRunner.everCommunities(program).subtracting(visited).sorted() {
            finish(id, CommunityState())
        }

        if let generation = targets[.roster] {
            for row in RosterModel.communities(program) {
                rows.add(generation.table("roster_communities"), RowEncoding.communityColumns, RowEncoding.fields(row))
            }
        }
        if let generation = targets[.compliance] {
            let day = evaluationDay?("") ?? runner.today
            ProjectionRunner.add(ComplianceModel.program(program, today: day, horizon: day.academicYear), generation, to: &rows)
        }
        try flush()
        if !keeping { try runner.recordLeads(leads) }
        return head
    }

    /// Writes the buffered rows, or keeps them (``keeping``) by table.
    private mutating func flush() throws {
        if keeping {
            rows.drain { table, row in kept[table, default: []].append(row) }
        } else {
            try rows.flush(connection)
        }
    }

    /// The faculty and students among the person streams `envelopes` hold (in position
    /// order), folded for the communities' compliance, rosters (graduation) and stipend
    /// audit; their audit rows came with the person streams' own pass.
    private static func foldPeople(_ envelopes: [EventEnvelope]) -> [PersonID: PersonState] {
        var people: [PersonID: PersonState] = [:]
        for envelope in envelopes {
            guard case .person(let id) = envelope.stream else { continue }
            if people[id] != nil {
                people[id]!.evolve(envelope)
            } else if case .personRegistered(let event) = envelope.event, event.role == .faculty || event.role == .student {
                people[id] = PersonState.evolve(PersonState(), envelope)
            }
        }
        return people
    }

    /// One chunk of community streams, in stream order: one community is folded at a
    /// time and its rows added when the next one starts.
    private mutating func foldCommunities(
        _ chunk: [EventEnvelope], _ current: inout (id: CommunityID, state: CommunityState)?, _ visited: inout Set<CommunityID>
    ) {
        addEventRows(chunk)
        for envelope in chunk {
            guard case .community(let id) = envelope.stream else { continue }
            if current?.id != id {
                if let done = current { finish(done.id, done.state) }
                current = (id, CommunityState())
                visited.insert(id)
            }
            current!.state.evolve(envelope)
        }
    }

    /// Adds every row of one community, from its folded stream.
    private mutating func finish(_ id: CommunityID, _ community: CommunityState) {
        let named = Set(community.history.flatMap(\.leadersNamed))
        leads += named.sorted().map { ($0.rawValue, id.rawValue) }
        if let generation = targets[.roster] {
            for row in RosterModel.tenures(id, community, people: StateLoader.faculty(named, from: people), program: program) {
                rows.add(generation.table("roster_tenures"), RowEncoding.tenureColumns, RowEncoding.fields(row))
            }
        }
        guard targets[.compliance] != nil || targets[.audit] != nil else { return }
        var states = StreamStates()
        states.program = program
        states.communities[id] = community
        states.people = StateLoader.faculty(named, from: people)
        if let generation = targets[.compliance] {
            let day = evaluationDay?(id.rawValue) ?? runner.today
            ProjectionRunner.add(ComplianceModel.community(id, states, today: day, horizon: day.academicYear), generation, to: &rows)
        }
        if let generation = targets[.audit] {
            ProjectionRunner.addCommunityAudit(id, states, generation, to: &rows)
        }
    }

    /// The audit rows of one chunk's events (a run per subject per chunk).
    private mutating func addEventRows(_ envelopes: [EventEnvelope]) {
        guard let generation = targets[.audit] else { return }
        ProjectionRunner.addEventRows(envelopes, generation, to: &rows)
    }

    private func checkCancelled() throws {
        guard shouldContinue() else {
            throw ProjectionError(code: .cancelled, message: "the rebuild was cancelled; the projections in use are unchanged")
        }
    }
}
