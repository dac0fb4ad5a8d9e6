import EventStore
import Foundation
import Postgres
import Testing
import TestSupport
import Migrations

@Suite struct MigrationTests {
    /// A fingerprint of everything migrate creates: tables, columns, functions, triggers, grants.
    func catalogSnapshot(_ connection: Connection) throws -> [String] {
        try connection.execute("""
            SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'mcledger'
            UNION ALL SELECT 'fn ' || p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'mcledger'::regnamespace
            UNION ALL SELECT 'trg ' || tgname FROM pg_trigger WHERE tgrelid::regclass::text LIKE 'mcledger.%'
            UNION ALL SELECT 'grant ' || grantee || ' ' || table_name || ' ' || privilege_type FROM information_schema.role_table_grants WHERE table_schema = 'mcledger'
            UNION ALL SELECT 'migration ' || version || ' ' || checksum FROM mcledger.schema_migrations
            ORDER BY 1
            """).map { $0.string(0)! }
    }

    @Test func migratingTwiceChangesNothing() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                let first = try Migrator.all.migrate(connection)
                #expect(first.map(\.version) == Migrator.all.migrations.map(\.version))
                let before = try catalogSnapshot(connection)
                let second = try Migrator.all.migrate(connection)
                #expect(second.isEmpty)
                #expect(try catalogSnapshot(connection) == before)
                let status = try Migrator.all.status(connection)
                #expect(status.pending.isEmpty)
                #expect(status.currentVersion == Migrator.all.migrations.last?.version)
            }
        }
    }

    @Test func concurrentMigratorsOfOneDatabaseSerialise() throws {
        try TestDatabase.with(migrated: false) { db in
            let outcomes = concurrently(4) { _ in
                try db.withConnection { try Migrator.all.migrate($0).count }
            }
            let counts = try outcomes.map { try $0.get() }
            #expect(counts.reduce(0, +) == Migrator.all.migrations.count)
        }
    }

    @Test func anEditedAppliedMigrationIsRefused() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection throws in
                var edited = Migrator.all.migrations
                edited[0].sql += "\n-- edited"
                let error = #expect(throws: EventStoreError.self) { try Migrator(migrations: edited).migrate(connection) }
                #expect(error?.message.contains("was applied with different SQL") == true)
            }
        }
    }

    /// The modules' migrations are one sequence, 1, 2, 3, … with no number owned twice.
    @Test func theModulesMigrationsFormOneSequence() {
        let versions = Migrator.all.migrations.map(\.version)
        #expect(versions == Array(1...versions.count))
        #expect(EventStoreSchema.migrations.map(\.version).first == 1)
    }

    /// The binary's copy of schema/ equals the files (run scripts/embed-schema after edits).
    @Test func theEmbeddedSchemaEqualsTheFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") && $0.first?.isNumber == true }
            .sorted()
        #expect(files.count == Migrator.all.migrations.count)
        for (file, migration) in zip(files, Migrator.all.migrations) {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(file == String(format: "%03d_%@.sql", migration.version, migration.name))
            let fileSQL = text.hasSuffix("\n") ? String(text.dropLast()) : text
            #expect(migration.sql == fileSQL, "\(file) differs from the embedded copy: run scripts/embed-schema")
        }
    }
}
