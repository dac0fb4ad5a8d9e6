import EventStore
import Postgres
import Projections

/// Who brings the read models up to date after a write (issue 12).
///
/// Only `mcledger_projector` (and a superuser) may write the read models, so an
/// administrator's write catches them up only where it can:
///
/// 1. `$MCLEDGER_PROJECTOR_URL` names a projector login's connection: a second
///    connection catches up there;
/// 2. else, when the login itself may write them (a superuser, or a login that also
///    holds the projector duty), on the write's own connection;
/// 3. else `mcledger projections follow`, running as a projector login, does within a
///    moment (it wakes on the append's NOTIFY); read commands say when they lag.
enum ProjectorAccess {
    static let environmentKey = "MCLEDGER_PROJECTOR_URL"

    /// The projector connection `$MCLEDGER_PROJECTOR_URL` names, if set.
    static var configured: ConnectionConfiguration? {
        guard let url = Environment.value(environmentKey), !url.isEmpty else { return nil }
        return ConnectionConfiguration(uri: url)
    }

    /// Whether the login of `db` may write the read models: a superuser may without
    /// asking the server (one round trip and one statement fewer after every write).
    static func mayProject(_ db: Connection) throws -> Bool {
        if db.isSuperuser { return true }
        return try db.execute("SELECT has_table_privilege('mcledger.projection_checkpoints', 'UPDATE')").first?.bool(0) == true
    }

    /// Runs `body` on a connection that may write the read models: the configured
    /// projector connection, else `db` when its login may; nil when neither.
    static func withProjector<T>(_ db: Connection, _ body: (Connection) throws -> T) throws -> T? {
        if let configuration = configured {
            return try withConnection(configuration) { projector in
                try SessionLimits.apply(to: projector)
                return try body(projector)
            }
        }
        return try mayProject(db) ? body(db) : nil
    }

    /// Refuses a `projections` command that writes read models on a login that may not.
    static func requireProjector(_ db: Connection) throws {
        guard try mayProject(db) else {
            throw ProjectorRefusal()
        }
    }
}

/// A login without the projector duty ran a command that writes read models.
struct ProjectorRefusal: Error {
    var message: String {
        "this login may not write the read models: they are written by mcledger_projector only; run it as a login " +
            "granted the projector duty (`mcledger db grant <login> projector`), as `mcledger projections follow` does"
    }
}

/// Says on stderr, after a query of the read models, when they are behind the log or
/// some events are quarantined, so stale rows are never shown silently.
enum ReadModelFreshness {
    static func note(_ db: Connection) {
        guard let row = try? db.execute("""
            SELECT min(checkpoint), max(head),
                   (SELECT count(*) FROM mcledger.quarantined_events WHERE resolved_by IS NULL)
              FROM mcledger.projection_status
            """).first,
            let checkpoint = row.int64(0), let head = row.int64(1)
        else { return }
        // Disclosures (schema/014) change no read model, and reading a roster with names
        // appends one: only the events a read model folds make it behind.
        if checkpoint < head, let unfolded = try? EventStore(connection: db).count(after: checkpoint, through: head, excludingStreams: ["disclosures"]),
           unfolded.events > 0 {
            printError("note: the read models are \(unfolded.events) event(s) behind the log (they show position \(checkpoint) of \(unfolded.last)); `mcledger projections follow` or `projections catch-up`, run as a projector login, brings them up to date")
        }
        if let unresolved = row.int64(2), unresolved > 0 {
            printError("note: \(unresolved) event(s) of the log cannot be read and are left out of the read models; see `mcledger projections quarantine`")
        }
    }
}

extension ConnectionOptions {
    /// ``withLedger(_:)`` for a query of the read models: afterwards notes on stderr
    /// whether they lag the log (``ReadModelFreshness``).
    func withReadModels<T>(_ body: (Connection) throws -> T) throws -> T {
        try withLedger { db in
            let value = try body(db)
            ReadModelFreshness.note(db)
            return value
        }
    }
}
