import Foundation
public import Postgres
#if canImport(Glibc)
import Glibc
#endif

/// A proxy between libpq and a cluster's Unix socket that can cut the connection at a
/// chosen statement: before the server sees it, or after the server has answered it but
/// before the answer reaches the client (what a network reset between COMMIT and its
/// reply does).
///
/// It reads the protocol's message framing (a type byte and a length) in both
/// directions, so it knows which client message carries which SQL (simple `Query` or
/// extended `Parse`) and where the server's answer ends (`ReadyForQuery`). It speaks no
/// TLS: libpq never asks for it over a Unix socket, and an `SSLRequest` is answered "no".
///
/// Each connection gets two threads, one per direction, with blocking reads; cutting
/// shuts both sockets down, which wakes both threads, and the last to leave closes them.
/// The threads hold the proxy: call ``stop()`` when done (a `defer`).
public final class FaultProxy: @unchecked Sendable {
    // @unchecked: the mutable state (the armed fault, the open connections, the
    // listener's stop flag) is behind `state`'s lock; descriptors are owned by one
    // `ProxiedConnection` each.

    /// What to do to the first statement that matches.
    public enum Action: Sendable {
        /// Close both ends without passing the statement on: the server never sees it.
        case cutBefore
        /// Pass the statement on, let the server run it and answer, throw the whole answer
        /// away (up to `ReadyForQuery`) and then close both ends.
        case loseReply
    }

    /// One fault, armed until it strikes once.
    public struct Fault: Sendable {
        public var action: Action
        /// Strikes on the first statement for which this is true...
        public var statement: @Sendable (String) -> Bool
        /// ...once the same connection has sent a statement for which this is true.
        public var after: (@Sendable (String) -> Bool)?

        public init(_ action: Action, when statement: @escaping @Sendable (String) -> Bool, after: (@Sendable (String) -> Bool)? = nil) {
            self.action = action
            self.statement = statement
            self.after = after
        }
    }

    /// The folder of the proxy's socket: use it as PGHOST (or a URI's host) with ``port``.
    public let socketDirectory: String
    public let port: String
    private let upstreamPath: String
    private let listener: Int32
    private let state = LockedBox(State())

    private struct State {
        var fault: Fault?
        var struck: [String] = []
        var connections: [ObjectIdentifier: ProxiedConnection] = [:]
        var stopped = false
    }

    /// Listens in a new folder under /tmp and forwards every connection to the socket
    /// `upstreamDirectory/.s.PGSQL.upstreamPort`.
    public init(upstreamDirectory: String, upstreamPort: String) throws {
        upstreamPath = "\(upstreamDirectory)/.s.PGSQL.\(upstreamPort)"
        port = upstreamPort
        socketDirectory = "/tmp/mcl-proxy-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.failure("socket") }
        var address = try Self.address("\(socketDirectory)/.s.PGSQL.\(port)")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let error = Self.failure("bind/listen on \(socketDirectory)")
            Glibc.close(fd)
            throw error
        }
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Uses the proxy for the cluster's own socket.
    public convenience init(_ cluster: ThrowawayCluster) throws {
        try self.init(upstreamDirectory: cluster.socketDirectory, upstreamPort: cluster.port)
    }

    /// Connection settings for `database` through the proxy, as the cluster's superuser.
    public func configuration(database: String) -> ConnectionConfiguration {
        ConnectionConfiguration(keywords: [
            ("host", socketDirectory), ("port", port), ("user", "postgres"), ("dbname", database),
        ])
    }

    /// A URI for the CLI's `--database` that goes through the proxy.
    public func uri(database: String) -> String {
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketDirectory
        return "postgresql://postgres@\(host):\(port)/\(database)"
    }

    /// Arms `fault`; it strikes once, on whichever connection first matches.
    public func arm(_ fault: Fault) {
        state.withLock { $0.fault = fault }
    }

    /// The statements a fault struck on so far, oldest first.
    public var struck: [String] {
        state.withLock { $0.struck }
    }

    /// Stops listening and cuts every open connection.
    public func stop() {
        let connections = state.withLock { state -> [ProxiedConnection] in
            if state.stopped { return [] }
            state.stopped = true
            return Array(state.connections.values)
        }
        connections.forEach { $0.cut() }
        // Wakes accept(): a listening socket that is shut down makes accept return.
        shutdown(listener, Int32(SHUT_RDWR))
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }

    private func acceptLoop() {
        defer { Glibc.close(listener) }
        while true {
            var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, 100)
            if state.withLock({ $0.stopped }) { return }
            if polled <= 0 { continue }
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard server >= 0, var address = try? Self.address(upstreamPath),
                  withUnsafePointer(to: &address, {
                      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
                  }) == 0
            else {
                // The cluster is down: the client sees the connection close, as it would.
                Glibc.close(client)
                if server >= 0 { Glibc.close(server) }
                continue
            }
            let connection = ProxiedConnection(client: client, server: server)
            let registered = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections[ObjectIdentifier(connection)] = connection
                return true
            }
            guard registered else {
                // Stopped meanwhile: no thread will serve it, so close it here.
                connection.leave()
                connection.leave()
                return
            }
            Thread { [self] in
                clientToServer(connection)
                forget(connection)
            }.start()
            Thread { [self] in
                serverToClient(connection)
                forget(connection)
            }.start()
        }
    }

    private func forget(_ connection: ProxiedConnection) {
        if connection.leave() {
            state.withLock { _ = $0.connections.removeValue(forKey: ObjectIdentifier(connection)) }
        }
    }

    /// Forwards the client's messages, deciding for each statement whether a fault strikes.
    private func clientToServer(_ connection: ProxiedConnection) {
        var buffer: [UInt8] = []
        var started = false
        var sawPrecondition = false
        while let chunk = connection.read(from: connection.client) {
            buffer += chunk
            while true {
                if !started {
                    // The startup packet has no type byte: a length, then a protocol code.
                    guard buffer.count >= 8 else { break }
                    let length = Int(Self.int32(buffer, at: 0))
                    guard buffer.count >= length else { break }
                    let code = Self.int32(buffer, at: 4)
                    let packet = Array(buffer[0..<length])
                    buffer.removeFirst(length)
                    if code == 80_877_103 || code == 80_877_104 {
                        // SSLRequest or GSSENCRequest: say no, the real startup follows.
                        guard connection.write([UInt8(ascii: "N")], to: connection.client) else { return connection.cut() }
                        continue
                    }
                    started = true
                    guard connection.write(packet, to: connection.server) else { return connection.cut() }
                    continue
                }
                guard buffer.count >= 5 else { break }
                let length = 1 + Int(Self.int32(buffer, at: 1))
                guard buffer.count >= length else { break }
                let message = Array(buffer[0..<length])
                buffer.removeFirst(length)
                if let sql = Self.statement(in: message) {
                    let action = state.withLock { state -> Action? in
                        guard let fault = state.fault else { return nil }
                        if !sawPrecondition, let after = fault.after {
                            if after(sql) { sawPrecondition = true }
                            return nil
                        }
                        guard fault.statement(sql) else { return nil }
                        state.fault = nil
                        state.struck.append(sql)
                        return fault.action
                    }
                    switch action {
                    case .cutBefore?:
                        return connection.cut()
                    case .loseReply?:
                        // Set before the statement leaves, so no byte of its answer slips through.
                        connection.loseReplies()
                    case nil:
                        break
                    }
                }
                guard connection.write(message, to: connection.server) else { return connection.cut() }
            }
        }
        connection.cut()
    }

    /// Forwards the server's messages until a fault says to throw its answer away.
    private func serverToClient(_ connection: ProxiedConnection) {
        var buffer: [UInt8] = []
        while let chunk = connection.read(from: connection.server) {
            buffer += chunk
            while buffer.count >= 5 {
                let length = 1 + Int(Self.int32(buffer, at: 1))
                guard buffer.count >= length else { break }
                let message = Array(buffer[0..<length])
                buffer.removeFirst(length)
                if connection.losingReplies {
                    // The server has finished answering: now the connection drops.
                    if message[0] == UInt8(ascii: "Z") { return connection.cut() }
                    continue
                }
                guard connection.write(message, to: connection.client) else { return connection.cut() }
            }
        }
        connection.cut()
    }

    /// The SQL of a simple `Query` ('Q': the text) or an extended `Parse` ('P': a
    /// statement name, then the text), else nil.
    static func statement(in message: [UInt8]) -> String? {
        var fields = message[5...].split(separator: 0, omittingEmptySubsequences: false)
        switch message[0] {
        case UInt8(ascii: "Q"):
            return fields.first.map { String(decoding: $0, as: UTF8.self) }
        case UInt8(ascii: "P"):
            guard fields.count > 1 else { return nil }
            fields.removeFirst()
            return String(decoding: fields[0], as: UTF8.self)
        default:
            return nil
        }
    }

    static func int32(_ bytes: [UInt8], at offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3]))
    }

    static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SpawnFailure(message: "socket path too long for a Unix socket: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    static func failure(_ what: String) -> SpawnFailure {
        SpawnFailure(message: "proxy: \(what) failed: \(String(cString: strerror(errno)))")
    }
}
