internal import CLibPQ

extension Connection {
    /// Runs `COPY (SELECT …) TO STDOUT (FORMAT binary)` and hands its tuples to `body`
    /// one at a time, as they arrive.
    ///
    /// The fastest way out of the server for a long read: one statement (one snapshot),
    /// the values in binary, and no result object per row as single-row mode
    /// (``stream(_:_:binaryResults:_:)``) builds. Memory holds one chunk from libpq and
    /// at most one unfinished tuple. If `body` throws, the COPY is cancelled on the
    /// server, the rest is drained so the connection stays usable, and the error is
    /// rethrown. COPY takes no parameters: put values in `sql` with ``literal(_:)``.
    ///
    /// - Parameter sql: a `COPY (query) TO STDOUT (FORMAT binary)` statement.
    /// - Returns: the number of tuples passed to `body`.
    @discardableResult
    public func copyOut(_ sql: String, _ body: (CopyTuple) throws -> Void) throws -> Int {
        let handle = try liveHandle()
        guard let started = PQexec(handle, sql) else { throw error(from: nil) }
        let start = ResultHandle(started)
        guard PQresultStatus(start.pointer) == PGRES_COPY_OUT else { throw error(from: start.pointer) }
        var reader = BinaryCopyReader()
        var failure: (any Error)?
        if PQbinaryTuples(start.pointer) != 1 {
            failure = PostgresError(kind: .unexpected, message: "copyOut reads binary COPY only; add (FORMAT binary) to the COPY statement")
            cancelRunningQuery(handle)
        }
        var lostData = false
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(handle, &buffer, 0)
            guard count >= 0, let buffer else {
                lostData = count == -2
                break
            }
            if failure == nil {
                do {
                    try buffer.withMemoryRebound(to: UInt8.self, capacity: Int(count)) { bytes in
                        try reader.consume(UnsafeBufferPointer(start: bytes, count: Int(count)), body)
                    }
                } catch {
                    failure = error
                    cancelRunningQuery(handle)
                }
            }
            PQfreemem(buffer)
        }
        // The COPY's own outcome: the server's error when it failed part way.
        while let result = PQgetResult(handle) {
            let owned = ResultHandle(result)
            if PQresultStatus(owned.pointer) != PGRES_COMMAND_OK, failure == nil { failure = self.error(from: owned.pointer) }
        }
        if lostData, failure == nil { failure = error(from: nil) }
        if let failure { throw failure }
        guard reader.finished else {
            throw PostgresError(kind: .unexpected, message: "the server's binary COPY output ended without its trailer; run the read again")
        }
        return reader.tuples
    }

    /// `value` as an SQL literal, quoted and escaped for this connection's encoding
    /// (`NULL` for nil): how values go into a statement that takes no parameters (COPY).
    public func literal(_ value: any PostgresEncodable) throws -> String {
        guard let text = value.postgresText else { return "NULL" }
        // Escaping sends nothing: a transaction's pending BEGIN waits for the statement.
        let handle = try openHandle()
        guard let escaped = PQescapeLiteral(handle, text, text.utf8.count) else { throw error(from: nil) }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }
}
