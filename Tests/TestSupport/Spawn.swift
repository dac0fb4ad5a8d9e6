import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts `argv` with posix_spawn, stdin from /dev/null and stdout and stderr into
/// `outputPath` (appended to), and returns its process id without waiting.
///
/// posix_spawn rather than Foundation's Process: a server the child leaves running must
/// not hold a pipe of ours open. Every descriptor above stderr is closed in the child, so
/// a postmaster started here never inherits a pipe that another test (running the CLI
/// on a thread of its own) waits to see closed.
func spawnDetached(_ argv: [String], outputPath: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    closeInheritedDescriptors(&actions)
    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
    guard spawned == 0 else {
        throw SpawnFailure(message: "could not start \(argv[0]): \(String(cString: strerror(spawned)))")
    }
    return pid
}

/// Runs `argv` to the end (as ``spawnDetached(_:outputPath:)``) and returns its output.
///
/// - Throws: ``SpawnFailure`` with the output when it exits non-zero or is killed.
@discardableResult
func spawnAndWait(_ argv: [String], outputPath: String) throws -> String {
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let pid = try spawnDetached(argv, outputPath: outputPath)
    let status = waitForExit(pid)
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    guard status == 0 else {
        throw SpawnFailure(message: "\(argv.joined(separator: " ")) failed (status \(status)): \(text)")
    }
    return text
}

/// Waits for child `pid` and returns its wait status (0: exited with 0).
@discardableResult
func waitForExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
}

/// Adds "close every descriptor from 3 up" to `actions`, where the C library has it.
///
/// glibc 2.34 has posix_spawn_file_actions_addclosefrom_np, but Swift's Glibc module does
/// not import it (it is a GNU extension), so it is looked up by name.
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
}

public struct SpawnFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
