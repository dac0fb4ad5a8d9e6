internal import CLibPQ
public import Logging
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One libpq connection, owned by this object and closed exactly once.
///
/// Not `Sendable`: a libpq connection serves one thread at a time, so each thread or
/// task that talks to PostgreSQL opens its own. Scope it with ``withConnection(_:logger:_:)``.
public final class Connection {
    /// The `PGconn*`; never nil after init, freed by `deinit` (or `close()`) only.
    var handle: OpaquePointer?
    public let logger: Logger
    /// Human-readable target (socket directory or host and port), for error messages.
    public let target: String
    /// The BEGIN of a transaction ``withTransaction(isolation:readOnly:_:)`` opened but
    /// has not sent: it goes out with the transaction's first statement
    /// (``execute(after:_:_:binaryResults:)``), or alone before anything else uses the connection.
    var pendingBegin: String?
    /// Statements of the open transaction queued by ``executeLater(_:_:)``: they go out
    /// after ``pendingBegin`` with the next statement, or with the COMMIT.
    var pendingStatements: [PendingStatement] = []

    private init(handle: OpaquePointer, logger: Logger) {
        self.handle = handle
        self.logger = logger
        self.target = Connection.describeTarget(handle)
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// The server settings every session starts with, sent in the startup packet (no
    /// round trip).
    ///
    /// JIT off: the server compiles a query's expressions when its *estimated* cost passes
    /// `jit_above_cost`, and a read of the whole log (each row's texts look-up is priced
    /// as a subquery) always does. Compiling took 0.9 s per read, more than streaming
    /// 200,000 events does without it (issue 16); our statements are index scans and
    /// short expressions, which compiled code does not speed up by as much.
    static let sessionOptions = "-c jit=off"

    /// Opens a connection; libpq's environment fills whatever `configuration` leaves out.
    ///
    /// - Throws: ``PostgresError`` of kind `.connectionFailed`, naming the host or socket tried.
    public static func connect(
        _ configuration: ConnectionConfiguration = ConnectionConfiguration(),
        logger: Logger = Logger(label: "mcledger.postgres")
    ) throws -> Connection {
        var keywords = configuration.parameters.map(\.0)
        var values = configuration.parameters.map(\.1)
        // Name ourselves in pg_stat_activity unless the caller chose a name.
        if !keywords.contains("application_name") {
            keywords.insert("fallback_application_name", at: 0)
            values.insert("mcledger", at: 0)
        }
        // Our settings go first: any options the caller gives (keyword, URI or
        // PGOPTIONS) come after them, so a caller's own `-c jit=on` still wins.
        if let index = keywords.firstIndex(of: "options") {
            values[index] = sessionOptions + " " + values[index]
        } else {
            keywords.insert("options", at: 0)
            values.insert([sessionOptions, getenv("PGOPTIONS").map { String(cString: $0) }].compactMap { $0 }.joined(separator: " "), at: 0)
        }
        let raw: OpaquePointer? = withArrayOfCStrings(keywords) { keywordPointers in
            withArrayOfCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let raw else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(raw) == CONNECTION_OK else {
            // libpq quotes a connection string it cannot parse, password included.
            let message = configuration.redacting(String(cString: PQerrorMessage(raw)).trimmingTrailingNewlines())
            let target = configuration.redacting(describeTarget(raw))
            PQfinish(raw)  // libpq requires it even when connecting failed
            throw PostgresError(
                kind: .connectionFailed,
                message: "cannot connect to PostgreSQL at \(target): \(message)",
                target: target
            )
        }
        // Server NOTICEs ("relation already exists, skipping") are for psql sessions;
        // libpq would print them to stderr between our own output.
        PQsetNoticeProcessor(raw, { _, _ in }, nil)
        return Connection(handle: raw, logger: logger)
    }

    /// The settings this connection was made with, as libpq resolved them (host, port,
    /// database, user, password if one was given, …): connecting with them reaches the
    /// same database as the same role, for work that needs a second session.
    ///
    /// - Throws: ``PostgresError`` `.connectionLost` after ``close()``.
    public func configuration() throws -> ConnectionConfiguration {
        let handle = try liveHandle()
        guard let options = PQconninfo(handle) else {
            throw PostgresError(kind: .unexpected, message: "libpq could not describe the connection (out of memory)")
        }
        defer { PQconninfoFree(options) }
        var keywords: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { keywords.append((String(cString: keyword), String(cString: value))) }
            option += 1
        }
        return ConnectionConfiguration(keywords: keywords)
    }

    /// Closes the connection now instead of at deinit; later use throws `.connectionLost`.
    public func close() {
        if let handle {
            PQfinish(handle)
            self.handle = nil
        }
    }

    /// False once the server went away or ``close()`` ran.
    public var isOpen: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server's process id for this session (for `pg_terminate_backend` in tests and tools).
    public var backendPID: Int32 {
        guard let handle else { return 0 }
        return PQbackendPID(handle)
    }

    /// The login this session authenticated as (libpq's `PQuser`, which is the server's
    /// `session_user` until a superuser runs SET SESSION AUTHORIZATION). Empty once closed.
    public var user: String {
        guard let handle, let name = PQuser(handle) else { return "" }
        return String(cString: name)
    }

    /// Whether the session's current role is a superuser, as the server reported it
    /// (`is_superuser`, sent at startup and after every SET ROLE): known without a round
    /// trip. False once closed.
    public var isSuperuser: Bool {
        guard let handle, let value = PQparameterStatus(handle, "is_superuser") else { return false }
        return String(cString: value) == "on"
    }

    /// The server's version as libpq reports it, e.g. 150018.
    public var serverVersion: Int32 {
        guard let handle else { return 0 }
        return PQserverVersion(handle)
    }

    /// The handle for a statement: a BEGIN still pending (``pendingBegin``) and the
    /// statements queued after it are sent first, on their own, so whatever the
    /// statement is (a COPY, a stream, a LISTEN) it runs inside the transaction, after them.
    func liveHandle() throws -> OpaquePointer {
        let handle = try openHandle()
        if hasPending {
            var pending = takePending()
            let last = pending.removeLast()
            _ = try execute(after: pending, last.sql, last.parameters)
        }
        return handle
    }

    /// The handle, nothing sent.
    func openHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .connectionLost, message: "the connection to \(target) is closed", target: target)
        }
        return handle
    }

    private static func describeTarget(_ handle: OpaquePointer) -> String {
        let host = PQhost(handle).map { String(cString: $0) } ?? ""
        let port = PQport(handle).map { String(cString: $0) } ?? ""
        let database = PQdb(handle).map { String(cString: $0) } ?? ""
        let place: String
        if host.hasPrefix("/") || host.isEmpty {
            let directory = host.isEmpty ? "the default socket directory" : host
            place = "socket \(directory)/.s.PGSQL.\(port.isEmpty ? "5432" : port)"
        } else {
            place = "host \(host) port \(port.isEmpty ? "5432" : port)"
        }
        return database.isEmpty ? place : "\(place), database \(database)"
    }
}

/// Opens a connection, runs `body`, and closes it on every path.
@discardableResult
public func withConnection<T>(
    _ configuration: ConnectionConfiguration = ConnectionConfiguration(),
    logger: Logger = Logger(label: "mcledger.postgres"),
    _ body: (Connection) throws -> T
) throws -> T {
    let connection = try Connection.connect(configuration, logger: logger)
    defer { connection.close() }
    return try body(connection)
}

/// Passes a NULL-terminated `char *[]` of copies of `strings` (nil entries stay NULL) to
/// `body` and frees every copy afterwards.
func withArrayOfCStrings<R>(
    _ strings: [String?],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R
) rethrows -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } }
    defer { copies.forEach { free($0) } }
    var pointers = copies.map { UnsafePointer($0) }
    pointers.append(nil)
    return try pointers.withUnsafeBufferPointer { try body($0.baseAddress!) }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }
}
