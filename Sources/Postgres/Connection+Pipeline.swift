internal import CLibPQ

/// A statement waiting to go out with the next one (``Connection/executeLater(_:_:)``).
struct PendingStatement {
    var sql: String
    var parameters: [any PostgresEncodable]
}

extension Connection {
    /// Queues `sql`, whose result nobody reads, to go out with the transaction's next
    /// statement or with its COMMIT, in one flush (libpq's pipeline mode): a round trip
    /// fewer, in order with everything else the transaction sends.
    ///
    /// A write's last statements before COMMIT (the directory's names, the read models'
    /// checkpoints) are such statements; on a CLI command, where every statement of a
    /// fresh session waits for the server, each wait spared counts. Outside a
    /// transaction the statement runs at once.
    ///
    /// - Throws: ``PostgresError`` from here only when run at once; queued, its failure
    ///   is thrown by the statement or COMMIT it went out with (which then did not run).
    public func executeLater(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws {
        guard pendingBegin != nil || transactionState == .inTransaction else {
            try execute(sql, parameters)
            return
        }
        pendingStatements.append(PendingStatement(sql: sql, parameters: parameters))
    }

    /// Whether a BEGIN or queued statements wait to go out.
    var hasPending: Bool { pendingBegin != nil || !pendingStatements.isEmpty }

    /// Takes what waits to go out: the pending BEGIN first, then the queued statements.
    func takePending() -> [PendingStatement] {
        var pending = pendingBegin.map { [PendingStatement(sql: $0, parameters: [])] } ?? []
        pending += pendingStatements
        pendingBegin = nil
        pendingStatements = []
        return pending
    }

    /// Sends `first` (what waited: a transaction's BEGIN, queued statements) and `sql` in
    /// one flush, using libpq's pipeline mode, and returns what `sql` returned: several
    /// statements for one round trip.
    ///
    /// ``withTransaction(isolation:readOnly:_:)`` leaves its BEGIN for the transaction's
    /// first statement to carry this way. The server runs them exactly as if sent apart,
    /// in order, inside the transaction; the closing Sync ends no explicit transaction.
    /// After a failure the server skips the rest up to the Sync.
    ///
    /// - Throws: ``PostgresError`` as ``execute(_:_:)`` does, for the first statement
    ///   that failed (those after it did not run).
    func execute(after first: [PendingStatement], _ sql: String, _ parameters: [any PostgresEncodable], binaryResults: Bool = false) throws -> QueryResult {
        let handle = try openHandle()
        guard PQenterPipelineMode(handle) == 1 else {
            throw error(from: nil)
        }
        var sent = true
        for statement in first where sent {
            sent = send(statement.sql, statement.parameters, binaryResults: false, on: handle)
        }
        sent = sent && send(sql, parameters, binaryResults: binaryResults, on: handle) && PQpipelineSync(handle) == 1
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
        // The last result of each statement answers for it; the others are freed here.
        let answers: [OpaquePointer?] = (0...first.count).map { index in index < groups.count ? groups[index].last : nil }
        defer {
            for group in groups { for result in group.dropLast() { PQclear(result) } }
            for (index, group) in groups.enumerated() where index >= answers.count { group.last.map { PQclear($0) } }
        }
        func clearAnswers(from start: Int) {
            for answer in answers[start...] { answer.map { PQclear($0) } }
        }
        if let failure {
            clearAnswers(from: 0)
            throw failure
        }
        guard synced, let answer = answers[first.count] else {
            // A statement failed before `sql` (its error stands), or the connection broke.
            let firstFailed = answers.firstIndex { answer in answer.map(Self.failed) ?? true } ?? 0
            let lost = error(from: answers[firstFailed])
            clearAnswers(from: 0)
            throw lost
        }
        for (index, earlier) in answers.dropLast().enumerated() {
            guard let earlier, !Self.failed(earlier) else {
                let refused = error(from: earlier)
                clearAnswers(from: index)
                throw refused
            }
            PQclear(earlier)
        }
        return try check(answer, sql: sql)
    }

    private func send(_ sql: String, _ parameters: [any PostgresEncodable], binaryResults: Bool, on handle: OpaquePointer) -> Bool {
        let texts: [String?] = parameters.map(\.postgresText)
        return withArrayOfCStrings(texts) { values in
            PQsendQueryParams(handle, sql, Int32(texts.count), nil, values, nil, nil, binaryResults ? 1 : 0)
        } == 1
    }

    /// Whether a statement's result is a failure (an error, or skipped after one).
    private static func failed(_ result: OpaquePointer) -> Bool {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: false
        default: true
        }
    }
}
