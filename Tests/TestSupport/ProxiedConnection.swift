import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The two sockets of one proxied connection and what the fault did to them.
final class ProxiedConnection: @unchecked Sendable {
    // @unchecked: `client` and `server` are fixed; the flags and the count of threads
    // still inside are behind `lock`. The descriptors are closed once, by the last thread
    // to leave, so no thread reads or writes a descriptor number that was reused.
    let client: Int32
    let server: Int32
    private let lock = NSLock()
    private var losing = false
    private var inside = 2

    init(client: Int32, server: Int32) {
        self.client = client
        self.server = server
    }

    var losingReplies: Bool {
        lock.lock()
        defer { lock.unlock() }
        return losing
    }

    func loseReplies() {
        lock.lock()
        losing = true
        lock.unlock()
    }

    /// Shuts both sockets down: each end sees the connection close, both threads wake.
    func cut() {
        shutdown(client, Int32(SHUT_RDWR))
        shutdown(server, Int32(SHUT_RDWR))
    }

    /// One thread is done; the second one out closes the sockets and returns true.
    @discardableResult
    func leave() -> Bool {
        lock.lock()
        inside -= 1
        let last = inside == 0
        lock.unlock()
        if last {
            Glibc.close(client)
            Glibc.close(server)
        }
        return last
    }

    /// The next bytes from `fd`, nil at end of stream or on error.
    func read(from fd: Int32) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 { return Array(chunk[0..<count]) }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Writes all of `bytes`; false when the other end is gone.
    func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}
