public import Foundation
public import Postgres
import EventStore
#if canImport(Glibc)
import Glibc
import Migrations
#endif

/// A PostgreSQL cluster of its own, in a temporary folder, that a test may stop hard,
/// restart or break without disturbing the shared test cluster.
///
/// Uses the server binaries of `$MCLEDGER_PG_BIN` (set by `scripts/dev-db env`), runs
/// them as `postgres` when the tests run as root, and listens on a Unix socket only.
public final class ThrowawayCluster: @unchecked Sendable {
    // @unchecked: the properties are immutable after init (the server process is behind
    // a lock); start/stop are called from one test at a time.
    public let directory: URL
    public let socketDirectory: String
    /// The data directory: `data` in ``directory``, unless the test put it elsewhere.
    public let dataDirectory: String
    public let port = "5433"
    let bin: String
    let asRoot: Bool
    /// The process this object spawned to run the server (``startOwned()``), to be reaped.
    let ownedServer = LockedBox<pid_t?>(nil)

    /// Creates and starts a cluster.
    ///
    /// - Parameters:
    ///   - dataDirectory: where the data directory goes (default: `data` in ``directory``);
    ///     a folder on a small filesystem, for a disk-full test. It must not exist yet.
    ///   - walDirectory: where pg_wal goes (initdb `--waldir`), default inside the data; a
    ///     relative path is taken inside ``directory`` (`"wal"` keeps the WAL off a small
    ///     data disk).
    ///   - walSegmentMegabytes: initdb's `--wal-segsize` (default 16).
    ///   - settings: more `postgresql.conf` lines.
    public init(dataDirectory: String? = nil, walDirectory: String? = nil, walSegmentMegabytes: Int? = nil, settings: [String] = []) throws {
        let env = ProcessInfo.processInfo.environment
        guard let bin = env["MCLEDGER_PG_BIN"] else {
            throw PostgresError(kind: .connectionFailed, message: "MCLEDGER_PG_BIN is not set: run these tests through scripts/test")
        }
        self.bin = bin
        asRoot = getuid() == 0
        let path = "/tmp/mcl-fault-" + UUID().uuidString.prefix(8).lowercased()
        directory = URL(fileURLWithPath: path)
        socketDirectory = path + "/socket"
        self.dataDirectory = dataDirectory ?? path + "/data"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        if asRoot { try run("/bin/chown", ["-R", "postgres:", path], asOwner: false) }
        var initdb = ["-D", self.dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        if let walDirectory { initdb.append("--waldir=" + (walDirectory.hasPrefix("/") ? walDirectory : path + "/" + walDirectory)) }
        if let walSegmentMegabytes { initdb.append("--wal-segsize=\(walSegmentMegabytes)") }
        try run(bin + "/initdb", initdb)
        let conf = """

            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory)'
            port = \(port)
            max_connections = 60
            fsync = on

            """ + settings.joined(separator: "\n") + "\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: self.dataDirectory + "/postgresql.conf"))
        handle.seekToEndOfFile()
        handle.write(Data(conf.utf8))
        try handle.close()
        try start()
    }

    deinit {
        destroy()
    }

    /// Connection settings for `database` on this cluster.
    public func configuration(database: String = "postgres") -> ConnectionConfiguration {
        ConnectionConfiguration(keywords: [
            ("host", socketDirectory), ("port", port), ("user", "postgres"), ("dbname", database),
        ])
    }

    /// A URI for the CLI's `--database`.
    public func uri(database: String) -> String {
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketDirectory
        return "postgresql://postgres@\(host):\(port)/\(database)"
    }

    public func start() throws {
        try run(bin + "/pg_ctl", ["-D", dataDirectory, "-l", logPath, "-w", "-t", "60", "start"])
    }

    /// The server's log, outside the data directory so a full disk cannot stop it.
    public var logPath: String { directory.path + "/server.log" }

    /// `pg_ctl stop -m immediate`: the server dies without a checkpoint, as in a crash.
    public func stopImmediately() throws {
        try run(bin + "/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        reapOwnedServer()
    }

    /// Stops the server (hard) and deletes its folder; a data directory placed elsewhere
    /// is left to whoever made that place.
    public func destroy() {
        try? run(bin + "/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        reapOwnedServer()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Creates a database and migrates it.
    public func createLedger(_ name: String) throws {
        try Postgres.withConnection(configuration()) { try $0.simpleQuery("CREATE DATABASE \(name)") }
        try Postgres.withConnection(configuration(database: name)) { _ = try Migrator.all.migrate($0) }
    }

    func run(_ executable: String, _ arguments: [String], asOwner: Bool = true) throws {
        try spawnAndWait(ownerArgv([executable] + arguments, asOwner: asOwner), outputPath: directory.path + "/command-\(UUID().uuidString.prefix(8)).log")
    }

    /// `argv`, run as `postgres` when the tests run as root (the server refuses root).
    func ownerArgv(_ argv: [String], asOwner: Bool = true) -> [String] {
        asRoot && asOwner ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv : argv
    }
}
