internal import CLibPQ
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A NOTIFY delivered to this session.
public struct Notification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    public var senderPID: Int32
}

extension Connection {
    /// Subscribes this session to `channel` (LISTEN); notifications queue until read.
    public func listen(_ channel: String) throws {
        try simpleQuery("LISTEN \(try quoteIdentifier(channel))")
    }

    public func unlisten(_ channel: String) throws {
        try simpleQuery("UNLISTEN \(try quoteIdentifier(channel))")
    }

    /// Waits on the connection's socket until a notification arrives or `timeout` passes.
    ///
    /// Sleeps in `poll(2)`, never in a polling loop: the process wakes only when the server
    /// sends something. A NOTIFY is a wake-up hint; readers re-read their position after it.
    ///
    /// - Parameter timeout: seconds to wait; nil waits indefinitely.
    /// - Returns: the notification, or nil when the time ran out.
    /// - Throws: `.connectionLost` when the server goes away while waiting.
    public func waitForNotification(timeout: Double?) throws -> Notification? {
        let handle = try liveHandle()
        let deadline = timeout.map { monotonicSeconds() + $0 }
        while true {
            if let notification = nextQueuedNotification(handle) { return notification }
            let socket = PQsocket(handle)
            guard socket >= 0 else { throw error(from: nil) }
            var remainingMilliseconds: Int32 = -1
            if let deadline {
                let remaining = deadline - monotonicSeconds()
                if remaining <= 0 { return nil }
                remainingMilliseconds = Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up))
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, remainingMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(kind: .unexpected, message: "poll failed on the connection socket (errno \(errno))")
            }
            if ready == 0 { continue }  // timed out: the deadline check above returns nil
            guard PQconsumeInput(handle) == 1 else { throw error(from: nil) }
        }
    }

    private func nextQueuedNotification(_ handle: OpaquePointer) -> Notification? {
        guard let raw = PQnotifies(handle) else { return nil }
        defer { PQfreemem(raw) }
        return Notification(
            channel: String(cString: raw.pointee.relname),
            payload: String(cString: raw.pointee.extra),
            senderPID: raw.pointee.be_pid
        )
    }
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
