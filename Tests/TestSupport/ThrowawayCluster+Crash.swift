import Foundation
import Postgres
#if canImport(Glibc)
import Glibc
#endif

/// Crashing the server for real: SIGKILL to the postmaster, then a restart that runs
/// crash recovery.
extension ThrowawayCluster {
    /// Starts the server as a child of this process (not through `pg_ctl`) and waits
    /// until it accepts connections.
    ///
    /// After `pg_ctl start` the postmaster belongs to PID 1, and in a container PID 1 may
    /// never reap it: once SIGKILLed it stays a zombie, its PID still "alive" in
    /// postmaster.pid, and the next start refuses ("is another postmaster running?").
    /// Spawned from here, this process reaps it. Stop it with ``killPostmaster()`` or
    /// ``stopImmediately()``.
    ///
    /// - Throws: when the server exits or does not accept connections within `seconds`.
    public func startOwned(seconds: Double = 60) throws {
        let pid = try spawnDetached(ownerArgv([bin + "/postgres", "-D", dataDirectory]), outputPath: logPath)
        ownedServer.withLock { $0 = pid }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? Postgres.withConnection(configuration()) { try $0.simpleQuery("SELECT 1") }) != nil { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                ownedServer.withLock { $0 = nil }
                throw SpawnFailure(message: "the server exited while starting (status \(status)): \(logTail())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw SpawnFailure(message: "the server did not accept connections within \(seconds) s: \(logTail())")
    }

    /// Waits until the server accepts connections again after it crashed by itself (a
    /// PANIC): the postmaster restarts its children and recovers, or, when recovery fails
    /// too, gives up and exits; then this starts it again. Needs ``startOwned()``.
    public func recover(seconds: Double = 60) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? Postgres.withConnection(configuration()) { try $0.simpleQuery("SELECT 1") }) != nil { return }
            if let pid = ownedServer.withLock({ $0 }) {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    ownedServer.withLock { $0 = nil }
                    return try startOwned(seconds: deadline.timeIntervalSinceNow)
                }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw SpawnFailure(message: "the server did not come back within \(seconds) s: \(logTail())")
    }

    /// SIGKILLs the postmaster, as a crash would, and waits until every process it ran is
    /// gone so that the next start finds the shared memory free.
    ///
    /// Alone, the postmaster's children notice its death and exit by themselves once
    /// their current statement is done: a commit in flight still completes and is
    /// acknowledged (its WAL flushed first). With `withChildren`, every server process
    /// gets SIGKILL at once, as when the machine loses power or the OOM killer takes the
    /// lot: a commit in flight is cut before or after its WAL flush, before its reply.
    /// Children still there after `grace` seconds get SIGKILL too.
    ///
    /// - Returns: how many children the postmaster had.
    @discardableResult
    public func killPostmaster(withChildren: Bool = false, grace: Double = 10) throws -> Int {
        let postmaster = try postmasterPID()
        let children = Self.processes(withParent: postmaster)
        guard kill(postmaster, SIGKILL) == 0 else {
            throw SpawnFailure(message: "kill -9 \(postmaster) failed: \(String(cString: strerror(errno)))")
        }
        if withChildren { children.forEach { kill($0, SIGKILL) } }
        reapOwnedServer()
        let deadline = Date().addingTimeInterval(grace)
        var alive = children
        while !alive.isEmpty {
            alive = alive.filter(Self.isRunning)
            if Date() > deadline {
                alive.forEach { kill($0, SIGKILL) }
                Thread.sleep(forTimeInterval: 0.1)
                alive = alive.filter(Self.isRunning)
                break
            }
            if !alive.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
        }
        guard alive.isEmpty else {
            throw SpawnFailure(message: "server processes \(alive) outlived their postmaster")
        }
        return children.count
    }

    /// The postmaster's PID, from the first line of postmaster.pid.
    public func postmasterPID() throws -> Int32 {
        let text = try String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)
        guard let line = text.split(separator: "\n").first, let pid = pid_t(line) else {
            throw SpawnFailure(message: "postmaster.pid does not start with a PID: \(text.prefix(80))")
        }
        return pid
    }

    /// The last lines of the server's log, for a failure message.
    public func logTail(_ lines: Int = 15) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Waits for the process ``startOwned()`` spawned, once the server is down (runuser,
    /// when root, ends with it).
    func reapOwnedServer() {
        guard let pid = ownedServer.withLock({ $0 }) else { return }
        // The server is gone; runuser follows within moments. Give up after 10 s rather
        // than hang a test: a zombie is harmless to a later start, which uses a new PID.
        let deadline = Date().addingTimeInterval(10)
        var status: Int32 = 0
        while Date() < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        ownedServer.withLock { $0 = nil }
    }

    /// PIDs whose parent is `parent`, from /proc.
    static func processes(withParent parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), let stat = processStat(pid) else { return nil }
            return stat.parent == parent ? pid : nil
        }
    }

    /// Whether `pid` still runs: present in /proc and not a zombie (an orphan's zombie
    /// may never be reaped in a container, but it holds no shared memory).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = processStat(pid) else { return false }
        return stat.state != "Z" && stat.state != "X"
    }

    /// State and parent PID of /proc/PID/stat (fields 3 and 4, after the `(comm)` field,
    /// which may itself hold spaces and parentheses).
    static func processStat(_ pid: pid_t) -> (state: Character, parent: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let parent = pid_t(fields[1]) else { return nil }
        return (state, parent)
    }
}
