internal import CLibPQ

extension Connection {
    /// Sends `first` (a statement without parameters: a transaction's BEGIN) and `sql`
    /// in one flush, using libpq's pipeline mode, and returns what `sql` returned: two
    /// statements for one round trip.
    ///
    /// ``withTransaction(isolation:readOnly:_:)`` leaves its BEGIN for the transaction's
    /// first statement to carry this way. On a CLI command, where every statement of a
    /// fresh session waits for the server, that is one wait fewer per transaction. The
    /// server runs the two exactly as if sent apart: BEGIN first, then `sql` inside the
    /// transaction; the closing Sync ends no explicit transaction.
    ///
    /// - Throws: ``PostgresError`` as ``execute(_:_:)`` does, for `first`'s failure
    ///   before `sql`'s (`sql` then did not run).
    func execute(after first: String, _ sql: String, _ parameters: [any PostgresEncodable]) throws -> QueryResult {
        let handle = try openHandle()
        guard PQenterPipelineMode(handle) == 1 else {
            throw error(from: nil)
        }
        let texts: [String?] = parameters.map(\.postgresText)
        let sent = PQsendQueryParams(handle, first, 0, nil, nil, nil, nil, 0) == 1
            && withArrayOfCStrings(texts, { values in PQsendQueryParams(handle, sql, Int32(texts.count), nil, values, nil, nil, 0) }) == 1
            && PQpipelineSync(handle) == 1
        let failure: PostgresError? = sent ? nil : error(from: nil)
        // Each statement's results end with a NULL; the Sync's own result ends the pipeline.
        var groups: [[OpaquePointer]] = [[]]
        var synced = false
        var nullsInARow = 0
        while !synced {
            guard let result = PQgetResult(handle) else {
                nullsInARow += 1
                // Two NULLs in a row: nothing more will come (the connection broke, or
                // sending failed before the Sync).
                if nullsInARow > 1 || PQstatus(handle) == CONNECTION_BAD { break }
                groups.append([])
                continue
            }
            nullsInARow = 0
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)
                synced = true
            } else {
                groups[groups.count - 1].append(result)
            }
        }
        if synced, PQexitPipelineMode(handle) != 1 {
            while let extra = PQgetResult(handle) { PQclear(extra) }
            _ = PQexitPipelineMode(handle)
        }
        let firstResults = groups[0]
        let sqlResults = groups.count > 1 ? groups[1] : []
        defer {
            for result in firstResults { PQclear(result) }
            for result in sqlResults.dropLast() { PQclear(result) }
        }
        if let failure {
            sqlResults.last.map { PQclear($0) }
            throw failure
        }
        guard synced, let begun = firstResults.last, let answer = sqlResults.last else {
            let lost = error(from: firstResults.last)
            sqlResults.last.map { PQclear($0) }
            throw lost
        }
        guard PQresultStatus(begun) == PGRES_COMMAND_OK else {
            let refused = error(from: begun)
            PQclear(answer)
            throw refused
        }
        return try check(answer, sql: sql)
    }
}
