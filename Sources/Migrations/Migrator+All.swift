public import EventStore
internal import Ledger
internal import Projections
internal import Reports

extension Migrator {
    /// Every module's migrations, in version order: what `mcledger db migrate` applies.
    ///
    /// Each module carries the migrations of the tables and functions its code uses
    /// (scripts/embed-schema's `owner` map says which); the numbers are one sequence
    /// across modules, and an applied migration keeps its number, name and checksum.
    public static var all: Migrator {
        Migrator(migrations: EventStoreSchema.migrations + LedgerSchema.migrations + ProjectionsSchema.migrations + ReportsSchema.migrations)
    }
}
