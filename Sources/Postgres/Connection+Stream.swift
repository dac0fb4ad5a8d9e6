internal import CLibPQ

extension Connection {
    /// Runs a query and hands its rows to `body` one at a time, as they arrive.
    ///
    /// Uses libpq's single-row mode, so memory holds one row however large the result.
    /// If `body` throws, the query is cancelled on the server, the rest of the result is
    /// drained so the connection stays usable, and the error is rethrown.
    ///
    /// - Returns: the number of rows passed to `body`.
    ///
    /// - Parameter binaryResults: ask for every column in PostgreSQL's binary format, read
    ///   with the `binary…` getters of ``Row``: the server skips its text output (dates,
    ///   uuids, bytea hex), which is most of its cost in a long scan.
    @discardableResult
    public func stream(
        _ sql: String,
        _ parameters: [any PostgresEncodable] = [],
        binaryResults: Bool = false,
        _ body: (Row) throws -> Void
    ) throws -> Int {
        let handle = try liveHandle()
        let texts: [String?] = parameters.map(\.postgresText)
        let sent = withArrayOfCStrings(texts) { values in
            PQsendQueryParams(handle, sql, Int32(texts.count), nil, values, nil, nil, binaryResults ? 1 : 0)
        }
        guard sent == 1 else { throw error(from: nil) }
        guard PQsetSingleRowMode(handle) == 1 else {
            drainResults()
            throw PostgresError(kind: .unexpected, message: "libpq refused single-row mode")
        }
        var rows = 0
        var failure: (any Error)?
        while let result = PQgetResult(handle) {
            let owned = ResultHandle(result)
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                guard failure == nil else { continue }
                do {
                    try body(Row(handle: owned, index: 0))
                    rows += 1
                } catch {
                    failure = error
                    cancelRunningQuery(handle)
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                continue
            default:
                if failure == nil { failure = self.error(from: result) }
            }
        }
        if let failure { throw failure }
        return rows
    }

    func cancelRunningQuery(_ handle: OpaquePointer) {
        guard let cancel = PQgetCancel(handle) else { return }
        defer { PQfreeCancel(cancel) }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
    }
}
