import EventStore
import Foundation
public import Postgres
import Migrations

/// A database of its own for one test, on the cluster that libpq's environment names
/// (`scripts/test` starts one and exports PGHOST, …), dropped when the test ends.
///
/// Each test works in its own database so tests run in parallel and leave nothing behind.
public final class TestDatabase: Sendable {
    public let name: String
    /// Connects to this test's database, as the cluster's superuser.
    public let configuration: ConnectionConfiguration

    private init(name: String) {
        self.name = name
        self.configuration = ConnectionConfiguration().with("dbname", name)
    }

    /// Creates an empty database, migrated unless `migrated` is false.
    public static func create(migrated: Bool = true) throws -> TestDatabase {
        try requireCluster()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        try Postgres.withConnection(ConnectionConfiguration().with("dbname", "postgres")) { admin in
            try admin.simpleQuery("CREATE DATABASE \(name)")
        }
        let database = TestDatabase(name: name)
        if migrated {
            _ = try database.withConnection { try Migrator.all.migrate($0) }
        }
        return database
    }

    /// Runs `body` with a fresh database and drops it afterwards, even when `body` throws.
    public static func with<T>(migrated: Bool = true, _ body: (TestDatabase) throws -> T) throws -> T {
        let database = try create(migrated: migrated)
        defer { database.drop() }
        return try body(database)
    }

    public func connect() throws -> Connection {
        try Connection.connect(configuration)
    }

    @discardableResult
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try Postgres.withConnection(configuration, body)
    }

    /// A `postgresql:` URI for this database, for running the CLI against it.
    public var uri: String {
        let env = ProcessInfo.processInfo.environment
        let host = env["PGHOST"] ?? "/var/run/postgresql"
        let port = env["PGPORT"] ?? "5432"
        let user = env["PGUSER"] ?? "postgres"
        let encodedHost = host.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? host
        return "postgresql://\(user)@\(encodedHost):\(port)/\(name)"
    }

    public func drop() {
        _ = try? Postgres.withConnection(ConnectionConfiguration().with("dbname", "postgres")) { admin in
            try admin.simpleQuery("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// Fails loudly when no cluster is configured, instead of letting every test time out.
    static func requireCluster() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["PGHOST"] != nil || env["DATABASE_URL"] != nil else {
            throw PostgresError(
                kind: .connectionFailed,
                message: "these tests need PostgreSQL: run scripts/test, or `scripts/dev-db start && eval \"$(scripts/dev-db env)\"` first"
            )
        }
    }
}

/// Runs `count` closures on their own threads at once and returns their results in order.
///
/// The tests' races use real threads with one connection each, the way separate
/// processes would.
public func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
    let results = LockedBox([Result<T, any Error>?](repeating: nil, count: count))
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            let outcome = Result { try body(index) }
            results.withLock { $0[index] = outcome }
            group.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    group.wait()
    return results.withLock { $0.map { $0! } }
}

/// A value behind a lock, for results gathered from several threads.
public final class LockedBox<Value>: @unchecked Sendable {
    // @unchecked: every access to `value` goes through `lock`.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// A barrier: `count` threads call `arriveAndWait()` and all go on together.
public final class Barrier: @unchecked Sendable {
    // @unchecked: state is guarded by the condition's lock.
    private let condition = NSCondition()
    private var waiting = 0
    private let count: Int

    public init(count: Int) {
        self.count = count
    }

    public func arriveAndWait() {
        condition.lock()
        waiting += 1
        if waiting >= count {
            condition.broadcast()
        } else {
            while waiting < count { condition.wait() }
        }
        condition.unlock()
    }
}
