internal import CLibPQ

extension Connection {
    /// Runs one statement with bound parameters and returns its rows.
    ///
    /// Parameters travel separately from the SQL (`PQexecParams`), in text format; cast
    /// them in the SQL (`$1::uuid`) where the type matters.
    ///
    /// - Parameter binaryResults: ask for every column in PostgreSQL's binary format, read
    ///   with the `binary…` getters of ``Row``: the server sends stored values without
    ///   printing them, and the statement needs no printing function to plan.
    /// - Throws: ``PostgresError``: `.statement` with the SQLSTATE when the server refused
    ///   it, `.connectionLost` when the connection broke and the outcome is unknown.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable] = [], binaryResults: Bool = false) throws -> QueryResult {
        if hasPending {
            return try execute(after: takePending(), sql, parameters, binaryResults: binaryResults)
        }
        let handle = try liveHandle()
        let texts: [String?] = parameters.map(\.postgresText)
        let result: OpaquePointer? = withArrayOfCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(texts.count), nil, values, nil, nil, binaryResults ? 1 : 0)
        }
        return try check(result, sql: sql)
    }

    /// Runs SQL text that may hold several statements and no parameters (migrations, `BEGIN`).
    ///
    /// Only for SQL written by us: nothing a user typed may reach this.
    @discardableResult
    public func simpleQuery(_ sql: String) throws -> QueryResult {
        let handle = try liveHandle()
        return try check(PQexec(handle, sql), sql: sql)
    }

    /// Quotes an identifier (a channel or role name) the way the server expects.
    public func quoteIdentifier(_ identifier: String) throws -> String {
        let handle = try liveHandle()
        guard let escaped = PQescapeIdentifier(handle, identifier, identifier.utf8.count) else {
            throw error(from: nil)
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Takes ownership of `result`, turning a failure into a ``PostgresError``.
    func check(_ result: OpaquePointer?, sql: String) throws -> QueryResult {
        guard let result else {
            throw error(from: nil)
        }
        let owned = ResultHandle(result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return QueryResult(owned)
        default:
            throw error(from: result)
        }
    }

    /// Reads the error fields of `result` (or the connection's message when there is no
    /// result) before anything frees them, and tells a lost connection from a refusal.
    func error(from result: OpaquePointer?) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let connectionMessage = handle.map { String(cString: PQerrorMessage($0)).trimmingTrailingNewlines() } ?? ""
        let code = field(mcl_diag_sqlstate).map(SQLState.init(rawValue:))
        let primary = field(mcl_diag_message_primary) ?? (connectionMessage.isEmpty ? "unknown libpq error" : connectionMessage)
        var broken = handle.map { PQstatus($0) == CONNECTION_BAD } ?? true
        if !broken, code == nil, let handle {
            // No SQLSTATE: libpq wrote this error, not the server. When the server died,
            // libpq can report it before it marks the connection bad; reading the socket
            // settles which it is, so that a lost server is never taken for a bad statement.
            _ = PQconsumeInput(handle)
            broken = PQstatus(handle) == CONNECTION_BAD
        }
        var kind: PostgresError.Kind = broken ? .connectionLost : .statement
        if code == nil && !broken && result == nil { kind = .unexpected }
        if code?.isConnectionClass == true { kind = .connectionLost }
        var message = primary
        if kind == .connectionLost {
            message = "lost the connection to PostgreSQL at \(target): \(primary)"
        }
        return PostgresError(
            kind: kind,
            code: code,
            message: message,
            detail: field(mcl_diag_message_detail),
            hint: field(mcl_diag_message_hint),
            constraint: field(mcl_diag_constraint_name),
            target: target
        )
    }
}
