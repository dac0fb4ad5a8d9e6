internal import CLibPQ

extension Connection {
    /// Bulk-writes rows with `COPY … FROM STDIN` (text format), the fastest way in.
    ///
    /// `body` receives a ``CopyWriter`` and appends rows; the data is streamed to the
    /// server in 64 KiB chunks so memory stays flat. If `body` throws, the COPY is aborted
    /// (nothing is written) and the error rethrown.
    ///
    /// - Parameter sql: a `COPY table (columns) FROM STDIN` statement.
    /// - Returns: the number of rows the server stored.
    @discardableResult
    public func copyIn(_ sql: String, _ body: (inout CopyWriter) throws -> Void) throws -> Int {
        let handle = try liveHandle()
        let start = try checkCopyStart(PQexec(handle, sql))
        _ = start
        var writer = CopyWriter(connection: self)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            // Abort: the server discards everything sent; drain its error result.
            _ = PQputCopyEnd(handle, "aborted by client")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            let failure = self.error(from: nil)
            drainResults()
            throw failure
        }
        var stored = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            let owned = ResultHandle(result)
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                stored = QueryResult(owned).affectedRows
            } else if failure == nil {
                failure = self.error(from: result)
            }
        }
        if let failure { throw failure }
        return stored
    }

    private func checkCopyStart(_ result: OpaquePointer?) throws -> Bool {
        guard let result else { throw error(from: nil) }
        let owned = ResultHandle(result)
        guard PQresultStatus(owned.pointer) == PGRES_COPY_IN else {
            throw error(from: owned.pointer)
        }
        return true
    }

    /// Reads and frees every pending result so the connection can be used again.
    func drainResults() {
        guard let handle else { return }
        while let result = PQgetResult(handle) {
            PQclear(result)
        }
    }

    func putCopyData(_ bytes: [UInt8]) throws {
        let handle = try liveHandle()
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(handle, $0, Int32(buffer.count))
            }
        }
        guard status == 1 else { throw error(from: nil) }
    }
}

/// Encodes rows in COPY's text format and streams them to the server.
public struct CopyWriter {
    let connection: Connection
    private var buffer: [UInt8] = []
    public private(set) var rowCount = 0

    init(connection: Connection) {
        self.connection = connection
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends one row; nil fields are SQL NULL. Tabs, newlines and backslashes in values
    /// are escaped, so no value can break out of its field.
    public mutating func append(_ fields: [String?]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
        rowCount += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try connection.putCopyData(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
