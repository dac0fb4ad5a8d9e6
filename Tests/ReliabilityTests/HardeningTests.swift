import EventStore
import Foundation
import Postgres
import Testing
import TestSupport
import Migrations

/// Issue 12, the database's own defences (schema/008): who may connect, who may hold the
/// ledger's lock, how long a CLI session waits for it, how migrations resolve names, and
/// how report runs are recorded.
@Suite struct HardeningTests {
    /// Creates a login role (a member of `role`, or of nothing), runs `body` with its
    /// name, and drops it.
    static func withLogin<T>(_ db: TestDatabase, in role: String?, _ body: (String) throws -> T) throws -> T {
        let name = "t_login_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try db.withConnection { admin in
            try admin.simpleQuery("CREATE ROLE \(name) LOGIN" + (role.map { " IN ROLE \($0)" } ?? ""))
        }
        defer { _ = try? db.withConnection { admin in try admin.simpleQuery("DROP ROLE IF EXISTS \(name)") } }
        return try body(name)
    }

    @Test func aLoginWithNoLedgerRoleCannotConnectAndLedgerRolesCan() throws {
        try TestDatabase.with { db throws in
            try Self.withLogin(db, in: nil) { login throws in
                let error = #expect(throws: PostgresError.self) {
                    try Postgres.withConnection(db.configuration.with("user", login)) { _ in }
                }
                #expect(error?.message.contains("permission denied for database") == true, "\(String(describing: error))")
            }
            for role in ["mcledger_writer", "mcledger_auditor", "mcledger_reporter", "mcledger_projector"] {
                try Self.withLogin(db, in: role) { login throws in
                    try Postgres.withConnection(db.configuration.with("user", login)) { connection throws in
                        #expect(try connection.execute("SELECT 1").first?.int(0) == 1)
                    }
                }
            }
            Tally.report("a login with no ledger role refused at connection", events: 0, lost: 0)
        }
    }

    @Test func onlyLedgerRolesMayTakeTheLedgersLocksOrNotify() throws {
        try TestDatabase.with { db throws in
            // schema/012: the projectors' locks belong to the projector; the writer keeps
            // pg_notify only.
            let roles = [("mcledger_auditor", false, false), ("mcledger_reporter", false, false), ("mcledger_writer", false, true), ("mcledger_projector", true, false)]
            for (role, locks, notify) in roles {
                try Self.withLogin(db, in: role) { login throws in
                    try Postgres.withConnection(db.configuration.with("user", login)) { connection throws in
                        for sql in [
                            "SELECT pg_advisory_lock(\(ledgerLockKey))", "SELECT pg_try_advisory_lock(\(ledgerLockKey))",
                            "SELECT pg_advisory_lock_shared(\(ledgerLockKey))", "SELECT pg_notify('mcledger_events', '999')",
                        ] {
                            let allowed = sql.contains("pg_notify") ? notify : locks
                            do {
                                try connection.simpleQuery("BEGIN; \(sql); ROLLBACK")
                                #expect(allowed, "\(role) ran \(sql)")
                            } catch let error as PostgresError {
                                _ = try? connection.simpleQuery("ROLLBACK")
                                #expect(!allowed && error.code == .insufficientPrivilege, "\(role): \(sql) → \(error)")
                            }
                            _ = try? connection.simpleQuery("SELECT pg_advisory_unlock_all()")
                        }
                    }
                }
            }
        }
    }

    @Test func aLockHeldElsewhereEndsACLIWriteWithAClearMessageNotAHang() throws {
        try TestDatabase.with { db throws in
            let target = LedgerTarget(db)
            try target.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            let before = try target.fingerprint()
            let holder = try db.connect()
            try holder.simpleQuery("BEGIN")
            try holder.execute("SELECT pg_advisory_xact_lock($1::bigint)", [ledgerLockKey])
            let write = ["community", "establish", "c-gen-1", "--name", "General 1", "--focus", "general", "--on", "2026-07-01"]
            // A limit set by the user (libpq's PGOPTIONS) is kept…
            let quick = try target.run(write, environment: ["PGOPTIONS": "-c lock_timeout=500ms"])
            #expect(quick.status == 75, "\(quick.stderr)")
            #expect(quick.stderr.contains("lock_timeout"), "\(quick.stderr)")
            #expect(quick.stderr.contains("nothing was written"), "\(quick.stderr)")
            // …and without one, every CLI session gives up after 30 s instead of waiting for ever.
            let started = Date()
            let slow = try target.run(write)
            let waited = Date().timeIntervalSince(started)
            #expect(slow.status == 75, "\(slow.stderr)")
            #expect(waited >= 29 && waited < 60, "waited \(waited) s")
            #expect(try target.fingerprint() == before)
            try holder.simpleQuery("ROLLBACK")
            holder.close()
            try target.ok(write)
            #expect(try target.verifies())
            Tally.report("CLI write against a held ledger lock, timed out twice then landed", events: before.events + 1, lost: before.events + 1 - (try target.fingerprint().events))
        }
    }

    @Test func aStatementTimeoutIsReportedAsSuch() throws {
        try TestDatabase.with { db throws in
            let target = LedgerTarget(db)
            try target.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            // An exclusive table lock blocks even the append's read of the head; with a
            // statement limit shorter than the lock limit, the statement limit fires.
            let holder = try db.connect()
            try holder.simpleQuery("BEGIN; LOCK TABLE mcledger.ledger_head IN ACCESS EXCLUSIVE MODE")
            let result = try target.run(
                ["community", "establish", "c-gen-1", "--name", "General 1", "--focus", "general", "--on", "2026-07-01"],
                environment: ["PGOPTIONS": "-c statement_timeout=500ms -c lock_timeout=20s"]
            )
            try holder.simpleQuery("ROLLBACK")
            holder.close()
            #expect(result.status == 75, "\(result.stderr)")
            #expect(result.stderr.contains("statement_timeout"), "\(result.stderr)")
            #expect(try target.count(type: "CommunityEstablished") == 1)
        }
    }

    @Test func migrationsDoNotRunFunctionsPlantedInPublic() throws {
        try TestDatabase.with(migrated: false) { db throws in
            try db.withConnection { connection throws in
                // What a database owner could plant before a superuser migrates: closer
                // matches than pg_catalog's for calls the migrations make.
                try connection.simpleQuery("""
                    CREATE TABLE public.shadow_calls (name text);
                    CREATE FUNCTION public.unnest(a text[]) RETURNS SETOF text LANGUAGE plpgsql AS $$
                    BEGIN INSERT INTO public.shadow_calls VALUES ('unnest'); RETURN QUERY SELECT pg_catalog.unnest(a); END $$;
                    CREATE FUNCTION public.format(f text, a text) RETURNS text LANGUAGE plpgsql AS $$
                    BEGIN INSERT INTO public.shadow_calls VALUES ('format'); RETURN pg_catalog.format(f, a); END $$;
                    CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE plpgsql AS $$
                    BEGIN INSERT INTO public.shadow_calls VALUES ('now'); RETURN pg_catalog.now(); END $$;
                    """)
                // The plant works on an ordinary session's search_path…
                _ = try connection.execute("SELECT unnest(ARRAY['a', 'b'])")
                #expect(try connection.execute("SELECT count(*) FROM public.shadow_calls").first?.int(0) == 1)
                try connection.simpleQuery("TRUNCATE public.shadow_calls")
                // …but not on the migrator's.
                let applied = try Migrator.all.migrate(connection)
                #expect(applied.count == Migrator.all.migrations.count)
                let calls = try connection.execute("SELECT name FROM public.shadow_calls").map { $0.string(0)! }
                #expect(calls.isEmpty, "planted functions ran during the migration: \(calls)")
                // The session's own search_path is left as it was.
                #expect(try connection.execute("SHOW search_path").first?.string(0) == "\"$user\", public")
            }
        }
    }

    @Test func reportRunsAreRecordedOnlyThroughTheFunctionThatSetsItsFields() throws {
        try TestDatabase.with { db throws in
            let target = LedgerTarget(db)
            try target.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            try Self.withLogin(db, in: "mcledger_reporter") { login throws in
                try Postgres.withConnection(db.configuration.with("user", login)) { connection throws in
                    let sha = String(repeating: "ab", count: 32)
                    let insert = #expect(throws: PostgresError.self) {
                        try connection.execute("""
                            INSERT INTO mcledger.report_runs (as_of, year, head_position, head_hash, manifest_sha256, folder, started_at, finished_at, recorded_by)
                            VALUES ('2026-07-02', '2026-27', 1, $1, $1, '/tmp/x', now(), now(), 'somebody-else')
                            """, [sha])
                    }
                    #expect(insert?.code == .insufficientPrivilege)
                    let run = try connection.execute(
                        "SELECT mcledger.record_report_run('2026-07-02', '2026-27', 1, $1, '/tmp/x', now() + interval '1 hour')", [sha]
                    ).first!.int(0)!
                    let row = try connection.execute(
                        "SELECT head_hash = (SELECT encode(hash, 'hex') FROM mcledger.events WHERE position = 1), recorded_by, started_at <= finished_at FROM mcledger.report_runs WHERE run = $1",
                        [Int64(run)]
                    ).first!
                    #expect(row.bool(0) == true)
                    #expect(row.string(1) == login)
                    #expect(row.bool(2) == true)
                    let beyond = #expect(throws: PostgresError.self) {
                        try connection.execute("SELECT mcledger.record_report_run('2026-07-02', '2026-27', 99, $1, '/tmp/x', now())", [sha])
                    }
                    #expect(beyond?.code == SQLState("MCL04"))
                }
            }
        }
    }
}
