public import Foundation
public import Postgres
import EventStore
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of its own, in a temporary folder, that a test may stop hard,
/// restart or break without disturbing the shared test cluster.
///
/// Uses the server binaries of `$MCLEDGER_PG_BIN` (set by `scripts/dev-db env`), runs
/// them as `postgres` when the tests run as root, and listens on a Unix socket only.
public final class ThrowawayCluster: @unchecked Sendable {
    // @unchecked: the properties are immutable after init; start/stop are called from one
    // test at a time.
    public let directory: URL
    public let socketDirectory: String
    public let port = "5433"
    private let bin: String
    private let asRoot: Bool

    public init() throws {
        let env = ProcessInfo.processInfo.environment
        guard let bin = env["MCLEDGER_PG_BIN"] else {
            throw PostgresError(kind: .connectionFailed, message: "MCLEDGER_PG_BIN is not set: run these tests through scripts/test")
        }
        self.bin = bin
        asRoot = getuid() == 0
        let path = "/tmp/mcl-fault-" + UUID().uuidString.prefix(8).lowercased()
        directory = URL(fileURLWithPath: path)
        socketDirectory = path + "/socket"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        if asRoot { try run("/bin/chown", ["-R", "postgres:", path], asOwner: false) }
        try run(bin + "/initdb", ["-D", path + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        let conf = """

            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory)'
            port = \(port)
            max_connections = 60
            fsync = on
            """
        let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("data/postgresql.conf"))
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
        try run(bin + "/pg_ctl", ["-D", directory.path + "/data", "-l", directory.path + "/server.log", "-w", "-t", "60", "start"])
    }

    /// `pg_ctl stop -m immediate`: the server dies without a checkpoint, as in a crash.
    public func stopImmediately() throws {
        try run(bin + "/pg_ctl", ["-D", directory.path + "/data", "-m", "immediate", "-w", "stop"])
    }

    public func destroy() {
        try? run(bin + "/pg_ctl", ["-D", directory.path + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Creates a database and migrates it.
    public func createLedger(_ name: String) throws {
        try Postgres.withConnection(configuration()) { try $0.simpleQuery("CREATE DATABASE \(name)") }
        try Postgres.withConnection(configuration(database: name)) { _ = try Migrator().migrate($0) }
    }

    private func run(_ executable: String, _ arguments: [String], asOwner: Bool = true) throws {
        var argv = [executable] + arguments
        if asRoot && asOwner { argv = ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv }
        // posix_spawn and waitpid rather than Foundation's Process: the server that
        // pg_ctl leaves running must not keep this wait from returning, and output goes to
        // a file so no pipe is held open by it.
        let outputPath = directory.path + "/command-\(UUID().uuidString.prefix(8)).log"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw PostgresError(kind: .unexpected, message: "could not start \(argv[0]): errno \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        guard exited && (status >> 8) & 0xff == 0 else {
            throw PostgresError(kind: .unexpected, message: "\(argv.joined(separator: " ")) failed (status \(status)): \(text)")
        }
    }
}
