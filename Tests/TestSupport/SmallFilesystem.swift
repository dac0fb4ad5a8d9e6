import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tmpfs of a few megabytes, mounted for one test under /tmp, so that the test can put
/// a cluster's data or WAL on it and fill the disk.
///
/// Mounting needs root (CAP_SYS_ADMIN); ``unavailableReason`` says why it cannot be done
/// here, so a test can skip itself saying so instead of pretending.
public final class SmallFilesystem: @unchecked Sendable {
    // @unchecked: `path` is fixed; `mounted` is only changed by `unmount()`, which the
    // test calls once, at its end.
    public let path: String
    private var mounted = true

    /// Mounts a tmpfs of `megabytes` and gives it to `postgres` when the tests run as root.
    public init(megabytes: Int) throws {
        path = "/tmp/mcl-small-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(megabytes)m,mode=0755") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: path)
            mounted = false
            throw SpawnFailure(message: "mount -t tmpfs -o size=\(megabytes)m on \(path) failed: \(reason)")
        }
        if getuid() == 0, let owner = getpwnam("postgres") {
            chown(path, owner.pointee.pw_uid, owner.pointee.pw_gid)
        }
    }

    deinit {
        unmount()
    }

    /// Why no small filesystem can be mounted in this environment, or nil when one can.
    ///
    /// Found out by mounting (and unmounting) a 1 MB tmpfs, once per test run.
    public static let unavailableReason: String? = {
        guard getuid() == 0 else {
            return "mounting a small tmpfs needs root (CAP_SYS_ADMIN); these tests run as uid \(getuid())"
        }
        do {
            let probe = try SmallFilesystem(megabytes: 1)
            probe.unmount()
            return nil
        } catch {
            return "\(error) (the container does not allow mount(2): run it with CAP_SYS_ADMIN)"
        }
    }()

    /// Bytes still free for an unprivileged writer.
    public var freeBytes: Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// The file ``fill()`` writes.
    public var fillerPath: String { path + "/filler" }

    /// Writes zeros to a filler file until the filesystem is full, leaving `sparing`
    /// bytes free; returns how many bytes the filler took.
    @discardableResult
    public func fill(sparing: Int = 0) throws -> Int {
        let fd = open(fillerPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw SpawnFailure(message: "cannot create \(fillerPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        while true {
            let room = freeBytes - sparing
            if room <= 0 { break }
            let size = min(block.count, room)
            let written = block.withUnsafeBytes { write(fd, $0.baseAddress, size) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }  // ENOSPC: full
            total += written
        }
        return total
    }

    /// Deletes the filler: the space comes back at once (tmpfs).
    public func free() {
        unlink(fillerPath)
    }

    /// Unmounts (lazily, so a process still inside cannot keep it) and removes the folder.
    public func unmount() {
        guard mounted else { return }
        mounted = false
        umount2(path, Int32(MNT_DETACH))
        rmdir(path)
    }
}
