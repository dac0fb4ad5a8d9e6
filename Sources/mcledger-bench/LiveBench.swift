// The phases that measure mcledger as it runs in production rather than the store alone:
// one CLI command end to end against psql, eight writers at once against one (beside
// pgbench), and `projections follow`'s lag from commit to a row an auditor can read.
//
// Each phase works in the small live database prepared by `prepareLiveDatabase`: a policy,
// eight communities and a leader for each, so that every event appended is one the
// domain and the projectors accept.

import Crypto
import EventCodec
import EventStore
import Foundation
import Mentoring
import Postgres

/// Prints a line at once (unbuffered), so progress shows while a long phase runs.
func sayLive(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func elapsed(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func medianOf(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func percentileOf(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

/// Runs a program to its end, stdout discarded and stderr kept for the error; returns its
/// wall time in seconds, from just before the spawn to the reaped exit.
///
/// `posix_spawn` and `waitpid`, not Foundation's `Process`: `Process` adds its own
/// launch and exit watching to every run (about as much again as a short command
/// takes), the same for psql and for mcledger, which pulls their ratio toward 1.
@discardableResult
func runTimed(_ executable: String, _ arguments: [String]) throws -> Double {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { throw BenchFailure("cannot make a pipe for \(executable): errno \(errno)") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, ends[1], 2)
    posix_spawn_file_actions_addclose(&actions, ends[0])
    posix_spawn_file_actions_addclose(&actions, ends[1])
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = DispatchTime.now().uptimeNanoseconds
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    close(ends[1])
    defer { close(ends[0]) }
    guard spawned == 0 else { throw BenchFailure("cannot start \(executable): errno \(spawned)") }
    // Read to the end before reaping: a child blocked on a full pipe would never exit.
    var message: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
        if count > 0 { message += chunk[..<count] } else if count == 0 || errno != EINTR { break }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let seconds = elapsed(since: started)
    // WIFEXITED and WEXITSTATUS, which Swift does not import: the low 7 bits are the
    // signal (0 for a normal exit), the next 8 the exit status.
    let signal = status & 0x7f
    let exitStatus = (status >> 8) & 0xff
    guard signal == 0, exitStatus == 0 else {
        let how = signal == 0 ? "exited \(exitStatus)" : "was killed by signal \(signal)"
        throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) \(how): \(String(decoding: message, as: UTF8.self))")
    }
    return seconds
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The leader of community `c-<index>` in the live database.
func liveLeader(_ index: Int) -> String { "f-live-\(index)" }

/// One HoursLogged event for community `c-<index>`: a write any day accepts.
func hoursLoggedEvent(community index: Int) -> NewEvent {
    let (type, version, data) = Event.hoursLogged(HoursLogged(
        community: try! CommunityID("c-\(index)"), leader: try! PersonID(liveLeader(index)), hours: try! Hours("0.25"), activity: "bench"
    )).encode()
    return NewEvent(stream: StreamName("community-c-\(index)"), type: type, schemaVersion: version, data: String(decoding: data, as: UTF8.self))
}

/// Sets up `database` through the CLI: a policy, `communities` communities, a leader each.
func prepareLiveDatabase(_ database: String, communities: Int, binary: String) throws {
    let admin = try Connection.connect(ConnectionConfiguration().with("dbname", "postgres"))
    defer { admin.close() }
    try admin.simpleQuery("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    try admin.simpleQuery("CREATE DATABASE \(database)")
    let target = ["--database", "dbname=\(database)"]
    let write = target + ["--on", "2026-08-15", "--actor", "bench"]
    try runTimed(binary, ["db", "migrate"] + target)
    try runTimed(binary, ["policy", "set", "2026-27", "--communities", "1-20", "--focus", "general=1-20"] + write)
    for index in 0..<communities {
        try runTimed(binary, ["community", "establish", "c-\(index)", "--name", "Live \(index)", "--focus", "general"] + write)
        try runTimed(binary, ["person", "register", liveLeader(index), "--name", "Leader \(index)", "--role", "faculty", "--residency-completed", "2010"] + write)
        try runTimed(binary, ["leader", "appoint", liveLeader(index), "--community", "c-\(index)"] + write)
    }
}

// MARK: One CLI command end to end

/// `mcledger person register` end to end against `psql -c "INSERT …"` on the same socket,
/// alternating, `runs` of each: the medians in milliseconds.
func measureCLICommand(database: String, binary: String, runs: Int) throws -> (ours: Double, psql: Double, withText: Double) {
    let psql = ProcessInfo.processInfo.environment["MCLEDGER_PG_BIN"].map { $0 + "/psql" }
        .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil } ?? "/usr/bin/psql"
    let connection = try Connection.connect(ConnectionConfiguration().with("dbname", database))
    try connection.simpleQuery("CREATE TABLE IF NOT EXISTS bench_scratch (id text PRIMARY KEY, name text NOT NULL, role text NOT NULL, class_of integer, at timestamptz NOT NULL DEFAULT now())")
    connection.close()
    var ours: [Double] = []
    var theirs: [Double] = []
    var withText: [Double] = []
    let tag = getpid()
    // One of each first, unmeasured: the binaries' pages come into the cache.
    for index in -1..<runs {
        let id = "s-cli-\(tag)-\(index + 1)"
        let psqlTime = try runTimed(psql, ["-X", "-q", "-d", database, "-c", "INSERT INTO bench_scratch (id, name, role, class_of) VALUES ('\(id)', 'CLI \(index)', 'student', 2029)"])
        let oursTime = try runTimed(binary, ["person", "register", id, "--name", "CLI \(index)", "--role", "student", "--class-of", "2029",
                                             "--database", "dbname=\(database)", "--on", "2026-08-15", "--actor", "bench"])
        // The same command with free text on (schema/015): its --reason sealed into the
        // event and recorded beside it.
        let textTime = try runTimed(binary, ["person", "register", id + "-t", "--name", "CLI \(index)", "--role", "student", "--class-of", "2029",
                                             "--reason", "registered at Ana R.'s request after her leave",
                                             "--database", "dbname=\(database)", "--on", "2026-08-15", "--actor", "bench"])
        if index >= 0 {
            theirs.append(psqlTime * 1000)
            ours.append(oursTime * 1000)
            withText.append(textTime * 1000)
        }
    }
    return (medianOf(ours), medianOf(theirs), medianOf(withText))
}

// MARK: Writers at once

/// Counts shared between writer threads and the measuring thread.
final class WriterTally: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock` only.
    let lock = NSLock()
    var events = 0
    var failure: String?
    var ready = 0
}

/// `count` writers, each on its own connection and community, appending one event per
/// commit with its stream's expected version, for `seconds`: events/s of all together.
func measureWriters(count: Int, seconds: Double, database: String) throws -> Double {
    let tally = WriterTally()
    let go = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        Thread.detachNewThread {
            defer { done.leave() }
            do {
                let connection = try Connection.connect(ConnectionConfiguration().with("dbname", database))
                defer { connection.close() }
                let store = EventStore(connection: connection)
                let event = hoursLoggedEvent(community: index)
                var version = try store.read(stream: event.stream).version
                tally.lock.withLock { tally.ready += 1 }
                go.wait()
                let start = DispatchTime.now().uptimeNanoseconds
                var appended = 0
                while elapsed(since: start) < seconds {
                    try store.append([event], expecting: [event.stream: version], metadata: AppendMetadata(actor: "bench", occurredOn: "2026-08-16"))
                    version += 1
                    appended += 1
                }
                tally.lock.withLock { tally.events += appended }
            } catch {
                tally.lock.withLock { tally.failure = "\(error)" }
                tally.lock.withLock { tally.ready += 1 }
            }
        }
    }
    while tally.lock.withLock({ tally.ready }) < count { Thread.sleep(forTimeInterval: 0.01) }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<count { go.signal() }
    done.wait()
    let wall = elapsed(since: start)
    if let failure = tally.lock.withLock({ tally.failure }) { throw BenchFailure("writer failed: \(failure)") }
    return Double(tally.lock.withLock { tally.events }) / wall
}

/// pgbench's transactions per second with `clients` clients, each transaction one INSERT
/// into a copy of the events table (same columns, keys and checks); nil without pgbench.
func measurePgbench(clients: Int, seconds: Double, database: String) throws -> Double? {
    let pgbench = ProcessInfo.processInfo.environment["MCLEDGER_PG_BIN"].map { $0 + "/pgbench" }
        .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
        ?? (FileManager.default.isExecutableFile(atPath: "/usr/bin/pgbench") ? "/usr/bin/pgbench" : nil)
    guard let pgbench else { return nil }
    let connection = try Connection.connect(ConnectionConfiguration().with("dbname", database))
    try connection.simpleQuery("""
        CREATE TABLE IF NOT EXISTS pgbench_events (LIKE mcledger.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
        CREATE SEQUENCE IF NOT EXISTS pgbench_position;
        """)
    connection.close()
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-pgbench-\(getpid()).sql")
    try Data("""
        INSERT INTO pgbench_events (position, stream, version, event_id, type, schema_version, data, metadata, actor, occurred_on, recorded_at, hash) \
        VALUES (nextval('pgbench_position'), 'pgbench-' || :client_id, currval('pgbench_position'), gen_random_uuid(), 'HoursLogged', 1, \
        '{"community": "c-0", "leader": "f-live-0", "hours": "0.25", "activity": "bench"}', '{}', 'bench', '2026-08-16', now(), sha256('\\x00'::bytea));

        """.utf8).write(to: script)
    defer { try? FileManager.default.removeItem(at: script) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pgbench)
    process.arguments = ["-n", "-c", String(clients), "-j", String(min(clients, 2)), "-T", String(Int(seconds.rounded(.up))), "-f", script.path, database]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchFailure("pgbench exited \(process.terminationStatus): \(text)") }
    // "tps = 1234.567 (without initial connection time)"
    for line in text.split(separator: "\n") where line.hasPrefix("tps = ") {
        if let value = line.dropFirst(6).split(separator: " ").first.flatMap({ Double($0) }) { return value }
    }
    throw BenchFailure("pgbench printed no tps: \(text)")
}

// MARK: Follow lag

/// The auditor's query: whether the audit trail of community `c-<community>` shows `position`
/// (a community's trail lists its events in position order).
func visible(_ community: Int, _ position: Int64, on auditor: Connection) throws -> Bool {
    let row = try auditor.execute("SELECT max(position) FROM mcledger.audit_subjects WHERE subject = $1", ["c-\(community)"]).first
    return (row?.int64(0) ?? 0) >= position
}

/// What the writer committed and when, shared with the auditor thread.
final class CommitLog: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock` only.
    let lock = NSLock()
    var commits: [(position: Int64, community: Int, at: UInt64)] = []
    var writing = true
    var lags: [Double] = []
    var failure: String?
}

/// Starts `mcledger projections follow`, appends `rate` events/s for `seconds` (one per
/// commit, round robin over `communities`), and has an auditor's connection poll the audit
/// trail until each event's row is visible: the lags from commit to visible, in ms.
func measureFollowLag(database: String, binary: String, rate: Double, seconds: Double, communities: Int) throws -> [Double] {
    let follower = Process()
    follower.executableURL = URL(fileURLWithPath: binary)
    follower.arguments = ["projections", "follow", "--database", "dbname=\(database)"]
    follower.standardOutput = FileHandle.nullDevice
    follower.standardError = FileHandle.nullDevice
    try follower.run()
    defer {
        if follower.isRunning {
            follower.interrupt()
            follower.waitUntilExit()
        }
    }
    let connection = try Connection.connect(ConnectionConfiguration().with("dbname", database))
    defer { connection.close() }
    let store = EventStore(connection: connection)
    var versions: [Int] = []
    for index in 0..<communities { versions.append(try store.read(stream: StreamName("community-c-\(index)")).version) }
    // Wait for the follower to fold everything before the first measured write.
    let warm = try store.append([hoursLoggedEvent(community: 0)], expecting: [StreamName("community-c-0"): versions[0]], metadata: AppendMetadata(actor: "bench", occurredOn: "2026-08-16"))
    versions[0] += 1
    let waitStart = DispatchTime.now().uptimeNanoseconds
    while try !visible(0, warm.positions[0], on: connection) {
        guard elapsed(since: waitStart) < 60, follower.isRunning else { throw BenchFailure("projections follow did not fold the first event within 60 s") }
        Thread.sleep(forTimeInterval: 0.01)
    }

    let log = CommitLog()
    let auditorDone = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        defer { auditorDone.signal() }
        do {
            let auditor = try Connection.connect(ConnectionConfiguration().with("dbname", database))
            defer { auditor.close() }
            var next = 0
            var progressed = DispatchTime.now().uptimeNanoseconds
            while true {
                let (pending, writing) = log.lock.withLock { (next < log.commits.count ? log.commits[next] : nil, log.writing) }
                guard let pending else {
                    if !writing { return }
                    Thread.sleep(forTimeInterval: 0.0005)
                    continue
                }
                guard elapsed(since: max(progressed, pending.at)) < 30 else {
                    throw BenchFailure("event \(pending.position) was not visible to the auditor 30 s after its commit: is projections follow running?")
                }
                if try visible(pending.community, pending.position, on: auditor) {
                    progressed = DispatchTime.now().uptimeNanoseconds
                    let lag = Double(DispatchTime.now().uptimeNanoseconds - pending.at) / 1e6
                    log.lock.withLock { log.lags.append(lag) }
                    next += 1
                } else {
                    Thread.sleep(forTimeInterval: 0.0005)
                }
            }
        } catch {
            log.lock.withLock { log.failure = "\(error)" }
        }
    }

    let total = Int(rate * seconds)
    let start = DispatchTime.now().uptimeNanoseconds
    for index in 0..<total {
        // Paced to the rate: each append waits for its slot, so a slow one is not made up by a burst.
        let slot = start + UInt64(Double(index) / rate * 1e9)
        let now = DispatchTime.now().uptimeNanoseconds
        if slot > now { Thread.sleep(forTimeInterval: Double(slot - now) / 1e9) }
        let community = index % communities
        let event = hoursLoggedEvent(community: community)
        let result = try store.append([event], expecting: [event.stream: versions[community]], metadata: AppendMetadata(actor: "bench", occurredOn: "2026-08-16"))
        versions[community] += 1
        let at = DispatchTime.now().uptimeNanoseconds
        log.lock.withLock { log.commits.append((result.positions[0], community, at)) }
    }
    log.lock.withLock { log.writing = false }
    // The auditor drains what is left (at most a few seconds behind, or it reports a failure).
    auditorDone.wait()
    if let failure = log.lock.withLock({ log.failure }) { throw BenchFailure("auditor failed: \(failure)") }
    return log.lock.withLock { log.lags }
}

// MARK: Free text

/// A text sealed as the write path seals it (schema/015): 16 random bytes of salt and the
/// lowercase hex of sha256(salt ‖ UTF-8 text), the commitment its event holds.
struct SealedText {
    var text: String
    var salt: [UInt8]
    var commitment: String

    init(_ text: String) {
        var generator = SystemRandomNumberGenerator()
        salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.text = text
        var digest = SHA256()
        digest.update(data: salt)
        digest.update(data: Array(text.utf8))
        commitment = Self.hex(Array(digest.finalize()))
    }

    var saltHex: String { Self.hex(salt) }

    /// The text as a JSON string.
    var quoted: String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in String(format: "%02x", byte) }.joined()
    }
}
