internal import EventStore
internal import Postgres

/// Maps a PostgreSQL error of the handler's own queries (outside the store's calls) the
/// way the store maps its own: a missing table is a missing migration, a broken
/// connection is an unavailable database. The server's text stays in `underlying`.
func storeError(_ error: PostgresError) -> EventStoreError {
    if error.code?.isMissingSchema == true {
        return EventStoreError(code: .schemaMissing, message: "the ledger schema is missing or out of date; run `mcledger db migrate`", underlying: error)
    }
    if error.code?.isInsufficientResources == true {
        return EventStoreError(
            code: .unavailable,
            message: "the database server is out of resources (disk, memory or connections); nothing was written, try again once it has room",
            underlying: error
        )
    }
    if error.code == .ledgerInvalidInput {
        // record_names, erase_details, record_texts, redact_text: refused, nothing written.
        return EventStoreError(code: .invalidInput, message: error.message, underlying: error)
    }
    return EventStoreError(code: error.isConnectionProblem ? .unavailable : .database, message: error.description, underlying: error)
}
