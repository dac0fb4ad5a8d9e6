public import EventCodec
internal import Foundation
public import Logging
public import Mentoring
public import Postgres

/// Brings the read models up to date with the log: catch-up, rebuild, follow, status.
///
/// Each projector reads the events after its checkpoint in batches; a batch's rows and
/// the new checkpoint are written in one transaction, under an advisory lock per
/// projector, so any number of processes may catch up at once and a crash anywhere
/// loses nothing and repeats nothing. Works over one connection the caller owns.
public final class ProjectionRunner {
    public let connection: Connection
    /// The business date compliance is evaluated as of: findings depend on the day
    /// (a duty is missing only once it is due). An input, never read from a clock here.
    public var today: Day
    /// Events per batch (one transaction each); a long catch-up grows its batches to 16 × this.
    public var batchSize: Int
    let reader: EventReader
    let logger: Logger
    /// States folded by this runner's earlier catch-ups (see ``FoldCache``), shared by the
    /// projectors (each entry says how far it is folded, so a projector behind the others
    /// folds its own from the start): a follower folds each wake-up's few events onto the
    /// states it already holds instead of re-reading every touched stream from its first
    /// event, once for all three projectors. Valid for the runner's life: its connection
    /// reaches one log, which only grows.
    let foldCache = FoldCache()
    /// The last answer of ``ledCommunities(_:through:)``.
    var leadsAsked: LeadsAnswer?

    struct LeadsAnswer {
        var people: Set<PersonID>
        var through: Int64
        var communities: Set<CommunityID>
    }

    public init(
        connection: Connection, today: Day, batchSize: Int = 2000,
        codec: EventCodec = EventCodec(), logger: Logger? = nil
    ) {
        self.connection = connection
        self.today = today
        self.batchSize = max(1, batchSize)
        self.reader = EventReader(connection: connection, codec: codec)
        self.logger = logger ?? connection.logger
    }

    /// Catches every projection up with the log, evaluated as of today (local date).
    ///
    /// The write path calls this after each append has committed, on the same idle
    /// connection, so that an administrator sees the effect at once. It folds the new
    /// events only: compliance rows that went stale because the day changed are left to
    /// `projections catch-up` (the nightly job), and queries evaluate from the log until
    /// then. Safe to call from many processes at once.
    ///
    /// - Throws: ``ProjectionError`` (an unreadable event, missing schema, a transaction
    ///   left open) or `PostgresError`; the projections keep their last committed state.
    public static func catchUp(connection: Connection, today: Day, lagMayBeLong: Bool = false) throws {
        let runner = ProjectionRunner(connection: connection, today: today)
        if lagMayBeLong {
            // After an import: ask the lag first, and rebuild a projector far behind
            // rather than fold one more batch of it before finding out.
            try runner.catchUp(refreshingStale: false, rebuildingWhenFarBehind: true)
        } else {
            try runner.catchUpTogether(refreshingStale: false, rebuildingWhenFarBehind: true)
        }
    }

    /// Folds the events after every projector's checkpoint in one transaction (one
    /// commit, one WAL flush, instead of one per projector), reading only the events
    /// after each checkpoint and the streams they touch; what the write path does after
    /// each append and the follower after each wake-up.
    ///
    /// A lag longer than one batch (after an import, or with no follower running for a
    /// while) goes on as ``catchUp(_:refreshingStale:rebuildingWhenFarBehind:)``.
    ///
    /// - Parameters: as ``catchUp(_:refreshingStale:rebuildingWhenFarBehind:)``.
    /// - Returns: how many events each projector folded.
    @discardableResult
    public func catchUpTogether(refreshingStale: Bool, rebuildingWhenFarBehind: Bool = false) throws -> [ProjectorName: Int] {
        guard connection.transactionState == .idle else {
            throw ProjectionError(code: .transactionOpen, message: "projections catch up in transactions of their own; call catchUp after the write's transaction has ended")
        }
        var folded: [ProjectorName: Int] = [:]
        try mappingErrors {
            try connection.withTransaction { _ in
                let checkpoints = try lockForFolding(ProjectorName.allCases)
                // The projectors usually stand at the same checkpoint: one read of the
                // log serves all three, and one cache of folded states too.
                var shared: SharedRead?
                var moved: [CheckpointMove] = []
                for projector in ProjectorName.allCases {
                    folded[projector] = try catchUpBatch(
                        projector, generation: nil, refreshingStale: refreshingStale, cache: foldCache,
                        locked: checkpoints[projector], shared: &shared, moved: &moved
                    )
                }
                try saveCheckpoints(moved)
            }
        }
        let behind = ProjectorName.allCases.filter { (folded[$0] ?? 0) >= batchSize }
        guard !behind.isEmpty else { return folded }
        for (projector, count) in try catchUp(behind, refreshingStale: refreshingStale, rebuildingWhenFarBehind: rebuildingWhenFarBehind) {
            folded[projector, default: 0] += count
        }
        return folded
    }

    /// Opens a folding transaction: its commit need not wait for the disk, and the
    /// `projectors`' locks are held, then their active generations and checkpoints read
    /// (after the locks, so no other catch-up moves them meanwhile).
    ///
    /// `synchronous_commit = off` for this transaction only: read models are derived, and
    /// the rows and their checkpoint commit together, so a crash can only lose the last
    /// few folds whole, which the next catch-up folds again from the durable log (the
    /// events themselves always commit synchronously; schema/006 refuses any other way).
    /// It spares every write and every follower wake-up a second wait for the disk.
    /// The locks are taken in ProjectorName order, as every other catch-up and rebuild
    /// takes them, so two never wait on each other.
    func lockForFolding(_ projectors: [ProjectorName]) throws -> [ProjectorName: (Generation, Checkpoint)] {
        let keys = ProjectorName.allCases.filter(projectors.contains).map(\.lockKey)
        let locks = keys.indices.map { index in "pg_advisory_xact_lock($\(index + 1)::bigint)" }.joined(separator: ", ")
        // Queued: the BEGIN, this and the checkpoints' SELECT go out in one flush, and
        // the server takes the locks before the SELECT's snapshot.
        try connection.executeLater("SELECT set_config('synchronous_commit', 'off', true), \(locks)", keys)
        let rows = try connection.execute("""
            SELECT g.projector, g.active, c.position, to_char(c.latest_on, 'YYYY-MM-DD')
              FROM mcledger.projection_generations g
              JOIN mcledger.projection_checkpoints c ON c.projector = g.projector AND c.generation = g.active
             WHERE g.projector = ANY($1::text[])
            """, [TextArrayParameter(projectors.map(\.rawValue))])
        var checkpoints: [ProjectorName: (Generation, Checkpoint)] = [:]
        for row in rows {
            guard let projector = row.string(0).flatMap(ProjectorName.init(rawValue:)),
                  let generation = row.string(1).flatMap(Generation.init(rawValue:)), let position = row.int64(2)
            else { continue }
            checkpoints[projector] = (generation, Checkpoint(position: position, latestOn: row.string(3).flatMap { try? Day($0) }))
        }
        for projector in projectors where checkpoints[projector] == nil {
            throw ProjectionError(code: .schemaMissing, message: "the projection tables or the checkpoint of \(projector) are missing; run `mcledger db migrate`")
        }
        return checkpoints
    }

    /// One read of the log within a transaction, for the next projector that starts at
    /// the same checkpoint (a later read could only add events, never change these).
    struct SharedRead {
        var after: Int64
        var limit: Int
        var read: EventReader.Batch
    }

    /// Folds every event after each projector's checkpoint, batch by batch.
    ///
    /// Compliance also re-evaluates what the passing of days changed: a year still
    /// running that was last evaluated on another day.
    ///
    /// - Parameters:
    ///   - refreshingStale: also re-evaluate compliance scopes the passing of days made
    ///     stale (every community's running year, on a new day's first catch-up).
    ///   - rebuildingWhenFarBehind: rebuild a projector whose lag is at least
    ///     ``rebuildLag(head:batchSize:)`` instead of folding it batch by batch (the same
    ///     rows, far sooner after a large import).
    /// - Returns: how many events each projector folded.
    @discardableResult
    public func catchUp(
        _ projectors: [ProjectorName] = ProjectorName.allCases, refreshingStale: Bool = true, rebuildingWhenFarBehind: Bool = false
    ) throws -> [ProjectorName: Int] {
        guard connection.transactionState == .idle else {
            throw ProjectionError(code: .transactionOpen, message: "projections catch up in transactions of their own; call catchUp after the write's transaction has ended")
        }
        var folded: [ProjectorName: Int] = [:]
        // A long lag (after a large import, or a projector left behind for a long time) is
        // folded much faster by rebuilding: batch by batch, every batch re-reads and
        // rewrites the whole of each community it touches, and an import touches the same
        // few communities in every batch, while a rebuild reads each stream once.
        let statuses = rebuildingWhenFarBehind ? try mappingErrors { try Self.status(connection: connection) } : []
        let far = statuses.filter { status in
            projectors.contains(status.projector) && status.lagEvents >= Self.rebuildLag(head: status.head, batchSize: batchSize)
        }
        if !far.isEmpty {
            let names = far.map(\.projector)
            do {
                try rebuild(names)
                for status in far { folded[status.projector] = Int(status.lagEvents) }
            } catch let error as ProjectionError where error.code == .rebuildRunning {
                // Another process is rebuilding; fold batch by batch meanwhile (its swap
                // catches its own generation up).
                logger.info("a rebuild is running elsewhere; catching up batch by batch", metadata: ["projectors": "\(names)"])
            }
        }
        for projector in projectors {
            var total = folded[projector] ?? 0
            // Each batch continues the states the previous one folded. A catch-up that
            // needs more than one batch doubles them, up to 16 × batchSize: a batch re-folds
            // the communities it touches, so fewer, larger batches fold a long lag sooner.
            let cache = foldCache
            var limit = batchSize
            while true {
                let count = try mappingErrors {
                    try connection.withTransaction { _ in
                        try catchUpBatch(projector, generation: nil, refreshingStale: refreshingStale, cache: cache, limit: limit)
                    }
                }
                total += count
                if count < limit { break }
                limit = min(limit * 2, batchSize * 16)
            }
            folded[projector] = total
        }
        return folded
    }

    /// The lag from which catching up rebuilds instead: a tenth of the log (a rebuild
    /// reads all of it, at several times the speed of folding batch by batch), and never
    /// less than ten batches.
    static func rebuildLag(head: Int64, batchSize: Int) -> Int64 {
        max(head / 10, Int64(batchSize) * 10)
    }

    /// Where a batch moved a projector's checkpoint, saved with the others' in one
    /// statement when the projectors fold in one transaction.
    struct CheckpointMove {
        var projector: ProjectorName
        var generation: Generation
        var position: Int64
        var latestOn: Day?
    }

    /// One batch in the caller's transaction: lock, read after the checkpoint, fold,
    /// store rows and note where the checkpoint moves.
    ///
    /// - Parameters:
    ///   - generation: the generation to write (nil: the active one).
    ///   - cache: states this catch-up's earlier batches folded, to continue from.
    ///   - limit: at most this many events (default ``batchSize``).
    ///   - locked: the generation and checkpoint, when the caller already holds the
    ///     projector's lock (``lockForFolding(_:)``); nil takes the lock and reads them.
    ///   - shared: the transaction's last read of the log, used when it starts at this
    ///     projector's checkpoint; replaced by this batch's read otherwise.
    ///   - moved: the checkpoint's move is added here, for the caller to save
    ///     (``saveCheckpoints(_:)``) before its transaction commits.
    /// - Returns: the number of events folded (0 when up to date).
    func catchUpBatch(
        _ projector: ProjectorName, generation: Generation?, refreshingStale: Bool = true, cache: FoldCache? = nil, limit: Int? = nil,
        locked: (Generation, Checkpoint)?, shared: inout SharedRead?, moved: inout [CheckpointMove]
    ) throws -> Int {
        let (generation, checkpoint) = try locked ?? lockedCheckpoint(projector, generation)
        let limit = limit ?? batchSize
        let read: EventReader.Batch
        if let shared, shared.after == checkpoint.position, shared.limit == limit {
            read = shared.read
        } else {
            read = try reader.batch(after: checkpoint.position, limit: limit)
            shared = SharedRead(after: checkpoint.position, limit: limit, read: read)
        }
        let events = read.events
        let stale = projector == .compliance && refreshingStale ? try staleScopes(generation) : []
        guard read.count > 0 || !stale.isEmpty else { return 0 }
        // Events that cannot be decoded were quarantined: the checkpoint passes them.
        let through = read.through ?? checkpoint.position
        let latest = ([checkpoint.latestOn].compactMap { $0 } + events.map(\.occurredOn)).max()
        let batch = Batch(
            generation: generation, events: events, after: checkpoint.position, through: through,
            horizon: today.academicYear, stale: stale
        )
        try apply(projector, batch, cache: cache)
        try reader.quarantine.store(connection)
        moved.append(CheckpointMove(projector: projector, generation: generation, position: through, latestOn: latest))
        return read.count
    }

    /// ``catchUpBatch(_:generation:refreshingStale:cache:limit:locked:shared:)`` taking its
    /// own lock and reading its own checkpoint and events.
    func catchUpBatch(
        _ projector: ProjectorName, generation: Generation?, refreshingStale: Bool = true, cache: FoldCache? = nil, limit: Int? = nil
    ) throws -> Int {
        var unshared: SharedRead?
        var moved: [CheckpointMove] = []
        let count = try catchUpBatch(
            projector, generation: generation, refreshingStale: refreshingStale, cache: cache, limit: limit, locked: nil, shared: &unshared, moved: &moved
        )
        try saveCheckpoints(moved)
        return count
    }

    /// Takes `projector`'s lock and reads its checkpoint in `generation` (nil: the active one).
    private func lockedCheckpoint(_ projector: ProjectorName, _ generation: Generation?) throws -> (Generation, Checkpoint) {
        guard let generation else { return try lockForFolding([projector])[projector]! }
        try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [projector.lockKey])
        return (generation, try checkpoint(projector, generation))
    }

    /// What one batch folds.
    struct Batch {
        var generation: Generation
        var events: [EventEnvelope]
        /// The checkpoint the batch starts after: `events` are every readable event after it.
        var after: Int64
        /// The last position folded: streams are read up to it, never beyond.
        var through: Int64
        /// The last academic year compliance evaluates (a scope's own later events extend it).
        var horizon: AcademicYear
        /// Compliance scopes the passing of days made stale ("" is the program's).
        var stale: Set<String>
    }

    struct Checkpoint {
        var position: Int64
        var latestOn: Day?
    }

    func activeGeneration(_ projector: ProjectorName) throws -> Generation {
        let row = try connection.execute("SELECT active FROM mcledger.projection_generations WHERE projector = $1", [projector.rawValue]).first
        guard let text = row?.string(0), let generation = Generation(rawValue: text) else {
            throw ProjectionError(code: .schemaMissing, message: "the projection tables are missing; run `mcledger db migrate`")
        }
        return generation
    }

    func checkpoint(_ projector: ProjectorName, _ generation: Generation) throws -> Checkpoint {
        let row = try connection.execute(
            "SELECT position, to_char(latest_on, 'YYYY-MM-DD') FROM mcledger.projection_checkpoints WHERE projector = $1 AND generation = $2",
            [projector.rawValue, generation.rawValue]
        ).first
        guard let row, let position = row.int64(0) else {
            throw ProjectionError(code: .schemaMissing, message: "the checkpoint of \(projector) is missing; run `mcledger db migrate`")
        }
        return Checkpoint(position: position, latestOn: row.string(1).flatMap { try? Day($0) })
    }

    /// Saves one checkpoint (a rebuild's), the same way as several.
    func saveCheckpoint(_ projector: ProjectorName, _ generation: Generation, position: Int64, latestOn: Day?) throws {
        try saveCheckpoints([CheckpointMove(projector: projector, generation: generation, position: position, latestOn: latestOn)])
    }

    /// Saves every checkpoint `moves` names in one statement (none: no round trip),
    /// queued to go out with the transaction's next statement or its COMMIT.
    func saveCheckpoints(_ moves: [CheckpointMove]) throws {
        guard !moves.isEmpty else { return }
        try connection.executeLater("""
            UPDATE mcledger.projection_checkpoints c
               SET position = m.position, latest_on = nullif(m.latest_on, '')::date, updated_at = now()
              FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS m(projector, generation, position, latest_on)
             WHERE c.projector = m.projector AND c.generation = m.generation
            """, [
                TextArrayParameter(moves.map(\.projector.rawValue)), TextArrayParameter(moves.map(\.generation.rawValue)),
                TextArrayParameter(moves.map { move in String(move.position) }),
                TextArrayParameter(moves.map { move in move.latestOn?.description ?? "" }),
            ])
    }

    /// Compliance scopes whose stored evaluation no longer answers "as of today": a year
    /// evaluated on another day that was not over then and now (or whose events are dated
    /// after it), or a scope with no row for today's academic year.
    func staleScopes(_ generation: Generation) throws -> Set<String> {
        let rows = try connection.execute("""
            SELECT scope FROM \(generation.table("compliance_evaluations"))
             GROUP BY scope
            HAVING bool_or(NOT (evaluated_on = $1::date
                                OR (evaluated_on > make_date(left(year, 4)::int + 1, 6, 30)
                                    AND $1::date > make_date(left(year, 4)::int + 1, 6, 30)
                                    AND latest_on <= least($1::date, evaluated_on))))
                OR max(year) < $2
            """, [today.description, today.academicYear.description])
        return Set(rows.compactMap { $0.string(0) })
    }

    /// Maps a missing table to "run db migrate"; every other error passes unchanged.
    func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.code == .undefinedTable {
            throw ProjectionError(code: .schemaMissing, message: "the projection tables are missing; run `mcledger db migrate`", underlying: error)
        }
    }
}
