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
    /// so that one community's folded state is in memory at a time; it then catches up
    /// with events appended meanwhile and swaps, in the transaction that stores the
    /// checkpoint. Cancelling (`shouldContinue` returning false, or killing the process)
    /// rolls the pass back and leaves the active generation as it was.
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

/// One read of the whole log for a rebuild, writing into the target generations.
struct RebuildPass {
    let runner: ProjectionRunner
    let targets: [ProjectorName: Generation]
    let chunkSize: Int
    let shouldContinue: () -> Bool
    private(set) var latestOn: Day?
    private var rows = RowBuffer()
    private var program = ProgramState()
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

    /// Reads every event up to the head and writes the rows; returns that head.
    mutating func run() throws -> Int64 {
        let head = try connection.execute("SELECT position FROM mcledger.ledger_head WHERE ledger = 1").first?.int64(0) ?? 0
        if let stream = try connection.execute(
            "SELECT stream FROM mcledger.events WHERE position <= $1 AND stream <> 'program' AND stream NOT LIKE 'community-%' AND stream NOT LIKE 'person-%' LIMIT 1",
            [head]
        ).first?.string(0) {
            throw ProjectionError(code: .foreignStream, message: "the log holds stream '\(stream)', which is not program, community-<id> or person-<id>; projections cannot fold it")
        }
        latestOn = try connection.execute(
            "SELECT to_char(max(occurred_on), 'YYYY-MM-DD') FROM mcledger.events WHERE position <= $1", [head]
        ).first?.string(0).flatMap { try? Day($0) }

        for envelope in try reader.streams([Mentoring.StreamName.program.rawValue], through: head) {
            program.evolve(envelope)
            addEventRows(envelope)
        }
        try readPeople(through: head)
        try readCommunities(through: head)

        if let generation = targets[.roster] {
            for row in RosterModel.communities(program) {
                rows.add(generation.table("roster_communities"), RowEncoding.communityColumns, RowEncoding.fields(row))
            }
        }
        if let generation = targets[.compliance] {
            ProjectionRunner.add(ComplianceModel.program(program, today: runner.today, horizon: runner.today.academicYear), generation, to: &rows)
        }
        try rows.flush(connection)
        try runner.recordLeads(leads)
        return head
    }

    /// Person streams in position order: every event gives audit rows; faculty states are
    /// kept for the communities' compliance and stipend audit.
    private mutating func readPeople(through head: Int64) throws {
        var after: Int64 = 0
        while true {
            try checkCancelled()
            let chunk = try reader.read(
                "SELECT \(EventReader.columns) FROM mcledger.events WHERE stream LIKE 'person-%' AND position > $1 AND position <= $2 ORDER BY position LIMIT $3",
                [after, head, chunkSize]
            )
            for envelope in chunk {
                addEventRows(envelope)
                guard case .person(let id) = envelope.stream else { continue }
                if people[id] != nil {
                    people[id]!.evolve(envelope)
                } else if case .personRegistered(let event) = envelope.event, event.role == .faculty {
                    people[id] = PersonState.evolve(PersonState(), envelope)
                }
            }
            try rows.flush(connection)
            guard chunk.count == chunkSize, let last = chunk.last else { return }
            after = last.position
        }
    }

    /// Community streams in stream order, one community folded at a time.
    private mutating func readCommunities(through head: Int64) throws {
        var key = (stream: "", version: 0)
        var current: (id: CommunityID, state: CommunityState)?
        var visited = Set<CommunityID>()
        while true {
            try checkCancelled()
            var chunk: [(EventEnvelope, Int)] = []
            try connection.stream(
                "SELECT \(EventReader.columns), version FROM mcledger.events WHERE stream LIKE 'community-%' AND position <= $1 AND (stream, version) > ($2, $3::int) ORDER BY stream, version LIMIT $4",
                [head, key.stream, key.version, chunkSize]
            ) { row in chunk.append((try reader.envelope(row), row.int(9) ?? 0)) }
            for (envelope, _) in chunk {
                addEventRows(envelope)
                guard case .community(let id) = envelope.stream else { continue }
                if current?.id != id {
                    if let done = current { finish(done.id, done.state) }
                    current = (id, CommunityState())
                    visited.insert(id)
                }
                current!.state.evolve(envelope)
            }
            try rows.flush(connection)
            guard chunk.count == chunkSize, let last = chunk.last else { break }
            key = (last.0.stream.rawValue, last.1)
        }
        if let done = current { finish(done.id, done.state) }
        // Communities established but never written to still have findings (no leaders…).
        for id in ProjectionRunner.everCommunities(program).subtracting(visited).sorted() {
            finish(id, CommunityState())
        }
    }

    /// Adds every row of one community, from its folded stream.
    private mutating func finish(_ id: CommunityID, _ community: CommunityState) {
        let named = Set(community.history.flatMap(\.leadersNamed))
        leads += named.sorted().map { ($0.rawValue, id.rawValue) }
        if let generation = targets[.roster] {
            for row in RosterModel.tenures(id, community) {
                rows.add(generation.table("roster_tenures"), RowEncoding.tenureColumns, RowEncoding.fields(row))
            }
        }
        guard targets[.compliance] != nil || targets[.audit] != nil else { return }
        var states = StreamStates()
        states.program = program
        states.communities[id] = community
        states.people = StateLoader.faculty(named, from: people)
        if let generation = targets[.compliance] {
            ProjectionRunner.add(ComplianceModel.community(id, states, today: runner.today, horizon: runner.today.academicYear), generation, to: &rows)
        }
        if let generation = targets[.audit] {
            ProjectionRunner.addCommunityAudit(id, states, generation, to: &rows)
        }
    }

    private mutating func addEventRows(_ envelope: EventEnvelope) {
        guard let generation = targets[.audit] else { return }
        ProjectionRunner.addEventRows(envelope, generation, to: &rows)
    }

    private func checkCancelled() throws {
        guard shouldContinue() else {
            throw ProjectionError(code: .cancelled, message: "the rebuild was cancelled; the projections in use are unchanged")
        }
    }
}
