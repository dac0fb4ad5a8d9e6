internal import CLibPQ
public import Foundation

/// Owns one `PGresult` and frees it exactly once, when the last reference goes.
final class ResultHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }
}

/// The rows a statement returned, read in place from libpq's buffer.
public struct QueryResult: Sequence {
    let handle: ResultHandle

    init(_ handle: ResultHandle) {
        self.handle = handle
    }

    public var count: Int { Int(PQntuples(handle.pointer)) }
    public var columnCount: Int { Int(PQnfields(handle.pointer)) }
    public var isEmpty: Bool { count == 0 }

    /// Rows affected by INSERT, UPDATE, DELETE, COPY …; 0 when the command reports none.
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(handle.pointer))) ?? 0
    }

    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(handle.pointer, Int32($0))) }
    }

    public subscript(row: Int) -> Row {
        precondition(row >= 0 && row < count, "row \(row) out of range 0..<\(count)")
        return Row(handle: handle, index: Int32(row))
    }

    public var first: Row? { isEmpty ? nil : self[0] }

    public func makeIterator() -> AnyIterator<Row> {
        var next = 0
        let total = count
        return AnyIterator {
            guard next < total else { return nil }
            defer { next += 1 }
            return self[next]
        }
    }
}

/// One row of a result; typed getters read the text format without copying the whole row.
public struct Row {
    let handle: ResultHandle
    let index: Int32

    public var columnCount: Int { Int(PQnfields(handle.pointer)) }

    public func isNull(_ column: Int) -> Bool {
        PQgetisnull(handle.pointer, index, Int32(column)) == 1
    }

    /// The column's text, or nil for SQL NULL.
    public func string(_ column: Int) -> String? {
        guard !isNull(column) else { return nil }
        let value = PQgetvalue(handle.pointer, index, Int32(column))!
        let length = Int(PQgetlength(handle.pointer, index, Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The column's raw text bytes, or nil for SQL NULL.
    public func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard !isNull(column) else { return try body(nil) }
        let value = PQgetvalue(handle.pointer, index, Int32(column))!
        let length = Int(PQgetlength(handle.pointer, index, Int32(column)))
        return try value.withMemoryRebound(to: UInt8.self, capacity: length) {
            try body(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    public func int64(_ column: Int) -> Int64? {
        withBytes(column) { bytes in
            guard let bytes, !bytes.isEmpty else { return nil }
            var value: Int64 = 0
            var negative = false
            for (offset, byte) in bytes.enumerated() {
                if offset == 0 && byte == UInt8(ascii: "-") {
                    negative = true
                    continue
                }
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value &* 10 &+ Int64(byte - UInt8(ascii: "0"))
            }
            return negative ? -value : value
        }
    }

    public func int(_ column: Int) -> Int? {
        int64(column).map { Int($0) }
    }

    public func bool(_ column: Int) -> Bool? {
        string(column).map { $0 == "t" }
    }

    /// A `bytea` column in PostgreSQL's hex output (`\x…`).
    public func bytea(_ column: Int) -> [UInt8]? {
        guard let text = string(column), text.hasPrefix("\\x") else { return nil }
        return Hex.decode(text.dropFirst(2))
    }

    public func uuid(_ column: Int) -> UUID? {
        string(column).flatMap(UUID.init(uuidString:))
    }

    /// The column as a value of `type`; throws when it is NULL or does not parse.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: Int) throws -> T {
        guard let text = string(column) else {
            throw PostgresError(kind: .unexpected, message: "column \(column) is NULL, expected \(T.self)")
        }
        guard let value = T(postgresText: text) else {
            throw PostgresError(kind: .unexpected, message: "column \(column) holds \"\(text.prefix(40))\", not a \(T.self)")
        }
        return value
    }
}

/// A Swift value read from PostgreSQL's text format.
public protocol PostgresDecodable {
    init?(postgresText: String)
}

extension String: PostgresDecodable {
    public init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int32: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Bool: PostgresDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "t": self = true
        case "f": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresDecodable {
    public init?(postgresText: String) { self.init(uuidString: postgresText) }
}
