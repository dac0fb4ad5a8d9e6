internal import Crypto
public import Postgres

/// One numbered SQL file of schema/, carried inside the binary.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String

    /// A migration as a module's generated `Schema+Embedded.swift` lists it.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the SQL text, recorded when applied, so an edited migration is noticed.
    public var checksum: String { Hex.encode(SHA256.hash(data: Array(sql.utf8))) }
}

/// What `db migrate` did and what the schema now holds.
public struct MigrationStatus: Sendable, Equatable {
    public var applied: [Migration]
    public var currentVersion: Int
    public var pending: [Migration]
}

/// Applies the missing migrations in order, each in its own transaction, and records them.
///
/// Safe to run again and from several processes at once: an advisory lock serialises
/// migrators of one database, and applied versions are skipped. Each module owns its
/// migrations (``EventStoreSchema``, and `LedgerSchema`, `ProjectionsSchema`,
/// `ReportsSchema`); `Migrator.all` in module Migrations composes them.
public struct Migrator {
    public let migrations: [Migration]

    /// A migrator of `migrations`, from any number of modules, applied in version order.
    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Any 64-bit number unique to this purpose: the lock only serialises migrators.
    static let advisoryLock: Int64 = 0x6d63_6c65_6467_6572  // "mcledger"

    /// The search_path every migration runs under (for its transaction only).
    static let searchPath = "pg_catalog, pg_temp"

    static let bootstrap = """
        CREATE SCHEMA IF NOT EXISTS mcledger;
        CREATE TABLE IF NOT EXISTS mcledger.schema_migrations (
            version     integer     NOT NULL PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """

    /// Applies every migration not yet recorded.
    ///
    /// - Returns: the migrations applied by this call (empty when up to date).
    /// - Throws: ``EventStoreError`` when a migration fails (its transaction is rolled
    ///   back) or when an applied migration's SQL no longer matches the binary's copy.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Migration] {
        var applied: [Migration] = []
        for migration in migrations {
            let didApply = try mapErrors {
                try connection.withTransaction { connection in
                    // A fixed search_path, set first: migrations run as a superuser or the
                    // database's owner, and a function planted in `public` (say
                    // `public.unnest(text[])`, a closer match than pg_catalog's) would
                    // otherwise run with those rights. pg_temp comes last so a temporary
                    // table cannot shadow a catalog one either.
                    try connection.execute("SELECT pg_catalog.set_config('search_path', $1, true)", [Self.searchPath])
                    try connection.execute("SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)", [Self.advisoryLock])
                    try connection.simpleQuery(Self.bootstrap)
                    let recorded = try connection.execute(
                        "SELECT checksum FROM mcledger.schema_migrations WHERE version = $1", [migration.version]
                    )
                    if let checksum = recorded.first?.string(0) {
                        guard checksum == migration.checksum else {
                            throw EventStoreError(
                                code: .database,
                                message: "migration \(migration.version) (\(migration.name)) was applied with different SQL; the database and this binary disagree about the schema"
                            )
                        }
                        return false
                    }
                    try connection.simpleQuery(migration.sql)
                    try connection.execute(
                        "INSERT INTO mcledger.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                        [migration.version, migration.name, migration.checksum]
                    )
                    return true
                }
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }

    /// The versions recorded in the database and those still to apply.
    public func status(_ connection: Connection) throws -> MigrationStatus {
        try mapErrors {
            let exists = try connection.execute("SELECT to_regclass('mcledger.schema_migrations') IS NOT NULL")
            guard exists.first?.bool(0) == true else {
                return MigrationStatus(applied: [], currentVersion: 0, pending: migrations)
            }
            let versions = Set(try connection.execute("SELECT version FROM mcledger.schema_migrations").compactMap { $0.int(0) })
            return MigrationStatus(
                applied: migrations.filter { versions.contains($0.version) },
                currentVersion: versions.max() ?? 0,
                pending: migrations.filter { !versions.contains($0.version) }
            )
        }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw EventStoreError.from(error)
        }
    }
}
