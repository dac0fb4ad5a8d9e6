internal import EventStore
internal import Postgres

/// Maps a PostgreSQL error of the handler's own queries (outside the store's calls) the
/// way the store maps its own: a missing table is a missing migration, a broken
/// connection is an unavailable database.
func storeError(_ error: PostgresError) -> EventStoreError {
    if error.code?.isMissingSchema == true {
        return EventStoreError(
            code: .schemaMissing,
            message: "the ledger schema is missing or out of date (\(error.message)); run `mcledger db migrate`",
            underlying: error
        )
    }
    return EventStoreError(code: error.isConnectionProblem ? .unavailable : .database, message: error.description, underlying: error)
}
