/// One tuple of a binary COPY, read in place in the bytes libpq received: valid only
/// during the call it is passed to.
public struct CopyTuple: BinaryFields {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Per field its offset in `bytes` and its length (-1: NULL), one after the other.
    let fields: UnsafeBufferPointer<Int>

    public var columnCount: Int { fields.count / 2 }

    /// The field's bytes, nil for SQL NULL (and for a column the tuple does not have, as
    /// libpq's `PQgetisnull` says of one).
    public func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard column >= 0, column < columnCount, fields[2 * column + 1] >= 0 else { return try body(nil) }
        let start = fields[2 * column]
        return try body(UnsafeBufferPointer(rebasing: bytes[start..<(start + fields[2 * column + 1])]))
    }
}

/// Parses PostgreSQL's binary COPY format as it arrives in chunks of any size: the header
/// (`PGCOPY\n\377\r\n\0`, flags, extension), then per tuple an int16 field count and per
/// field an int32 length (-1: NULL) and that many bytes, then the trailer (count -1).
///
/// A tuple whole in a chunk is handed over in place, without copying; only a tuple split
/// across chunks is kept until its rest arrives, so memory holds at most one tuple and one
/// chunk however long the COPY.
struct BinaryCopyReader {
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xff, 0x0d, 0x0a, 0x00]

    /// The start of a tuple split across chunks, waiting for the rest.
    private var pending: [UInt8] = []
    private var fields: [Int] = []
    private var headerRead = false
    /// True once the trailer has been read: the COPY sent everything.
    private(set) var finished = false
    /// Tuples handed to `body` so far.
    private(set) var tuples = 0

    /// Bytes held back from the last chunk (an unfinished tuple).
    var retainedBytes: Int { pending.count }

    /// Reads the tuples `chunk` completes, handing each to `body` in order.
    ///
    /// - Throws: ``PostgresError`` `.unexpected` for bytes that are not binary COPY, or
    ///   what `body` throws.
    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (CopyTuple) throws -> Void) throws {
        if pending.isEmpty {
            let used = try parse(chunk, body)
            if used < chunk.count { pending.append(contentsOf: chunk[used...]) }
            return
        }
        // Moved out while it is parsed, so that parsing may change the rest of self.
        var buffer: [UInt8] = []
        swap(&buffer, &pending)
        buffer.append(contentsOf: chunk)
        let used = try buffer.withUnsafeBufferPointer { bytes in try parse(bytes, body) }
        buffer.removeFirst(used)
        swap(&buffer, &pending)
    }

    /// Parses whole tuples from the start of `bytes`; returns how many bytes they took.
    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (CopyTuple) throws -> Void) throws -> Int {
        var offset = 0
        if !headerRead {
            guard bytes.count >= 19 else { return 0 }
            guard bytes.prefix(11).elementsEqual(Self.signature) else { throw Self.malformed("does not start with the binary COPY signature") }
            // Bits 16-31 are critical: a reader that does not know them must stop (bit 16: OIDs).
            guard Self.uint32(bytes, at: 11) & 0xffff_0000 == 0 else { throw Self.malformed("sets header flags this reader does not know") }
            let extensionLength = Int(Self.uint32(bytes, at: 15))
            guard bytes.count - 19 >= extensionLength else { return 0 }
            offset = 19 + extensionLength
            headerRead = true
        }
        while offset < bytes.count {
            guard !finished else { throw Self.malformed("has data after its trailer") }
            guard bytes.count - offset >= 2 else { break }
            let count = Int(Int16(bitPattern: UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])))
            if count == -1 {
                finished = true
                offset += 2
                continue
            }
            guard count >= 0 else { throw Self.malformed("has a tuple with \(count) fields") }
            guard let end = try readFields(bytes, tuple: offset, count: count) else { break }
            try fields.withUnsafeBufferPointer { places in try body(CopyTuple(bytes: bytes, fields: places)) }
            tuples += 1
            offset = end
        }
        return offset
    }

    /// Records the places of the `count` fields of the tuple at `start` in ``fields``;
    /// returns where the tuple ends, nil when `bytes` holds only part of it.
    private mutating func readFields(_ bytes: UnsafeBufferPointer<UInt8>, tuple start: Int, count: Int) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        var cursor = start + 2
        for _ in 0..<count {
            guard bytes.count - cursor >= 4 else { return nil }
            let length = Int(Int32(bitPattern: Self.uint32(bytes, at: cursor)))
            cursor += 4
            guard length >= -1 else { throw Self.malformed("has a field of length \(length)") }
            fields.append(cursor)
            fields.append(length)
            if length > 0 {
                guard bytes.count - cursor >= length else { return nil }
                cursor += length
            }
        }
        return cursor
    }

    private static func uint32(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    private static func malformed(_ problem: String) -> PostgresError {
        PostgresError(kind: .unexpected, message: "the server's binary COPY output \(problem); is this a PostgreSQL server?")
    }
}
