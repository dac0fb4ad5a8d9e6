internal import CLibPQ

/// Fields in PostgreSQL's binary format, one value's bytes at a time: a row of a result
/// asked for in binary (``Connection/stream(_:_:binaryResults:_:)``) or a tuple of a
/// binary COPY (``Connection/copyOut(_:_:)``), read by the same getters below.
public protocol BinaryFields {
    var columnCount: Int { get }
    /// The column's bytes, or nil for SQL NULL.
    func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R
}

extension Row: BinaryFields {}

/// Getters for fields in PostgreSQL's binary format.
///
/// Each returns nil for SQL NULL or a value of the wrong size. Dates and times come back
/// in the text the server's `to_char(…, 'YYYY-MM-DD')` and `to_char(… AT TIME ZONE 'UTC',
/// 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` would print, with " BC" after a date before year 1
/// and `infinity` / `-infinity` as the server prints those: the forms the event store's
/// canonical form covers (schema/010's `canonical_date` and `canonical_time`).
extension BinaryFields {
    /// An `int8` column.
    public func binaryInt64(_ column: Int) -> Int64? {
        withBytes(column) { bytes in
            guard let bytes, bytes.count == 8 else { return nil }
            var value: UInt64 = 0
            for byte in bytes { value = value << 8 | UInt64(byte) }
            return Int64(bitPattern: value)
        }
    }

    /// An `int4` column.
    public func binaryInt32(_ column: Int) -> Int32? {
        withBytes(column) { bytes in
            guard let bytes, bytes.count == 4 else { return nil }
            var value: UInt32 = 0
            for byte in bytes { value = value << 8 | UInt32(byte) }
            return Int32(bitPattern: value)
        }
    }

    /// A `text` column (binary and text format are the same bytes).
    public func binaryText(_ column: Int) -> String? {
        withBytes(column) { bytes in bytes.map { text in String(decoding: text, as: UTF8.self) } }
    }

    /// A `jsonb` column as the server's text output prints it.
    public func binaryJSONB(_ column: Int) -> String? {
        withBytes(column) { bytes in
            // jsonb_send: a version byte (1), then the text jsonb_out prints.
            guard let bytes, bytes.count >= 1, bytes[0] == 1 else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[1...]), as: UTF8.self)
        }
    }

    /// A `bytea` column's bytes.
    public func binaryBytes(_ column: Int) -> [UInt8]? {
        withBytes(column) { bytes in bytes.map { Array($0) } }
    }

    /// A `uuid` column, lowercase and hyphenated as the server prints it.
    public func binaryUUID(_ column: Int) -> String? {
        withBytes(column) { bytes in
            guard let bytes, bytes.count == 16 else { return nil }
            return ASCIIWriter.string(capacity: 36) { text in
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                    text.append(ASCIIWriter.hexDigit(byte >> 4))
                    text.append(ASCIIWriter.hexDigit(byte & 0x0f))
                }
            }
        }
    }

    /// A `date` column as `YYYY-MM-DD` (with " BC" before year 1; `infinity`, `-infinity`).
    ///
    /// - Parameter plain: print as `to_char(…, 'YYYY-MM-DD')` alone does: no era, and nil
    ///   for an infinite date.
    public func binaryDate(_ column: Int, plain: Bool = false) -> String? {
        guard let days = binaryInt32(column) else { return nil }
        if days == Int32.max { return plain ? nil : "infinity" }
        if days == Int32.min { return plain ? nil : "-infinity" }
        let (year, month, day) = PostgresCalendar.date(julianDay: Int(days) + PostgresCalendar.epochJulianDay)
        // Ten bytes for years up to 9999: a small string, stored inline without allocating.
        return ASCIIWriter.string(capacity: PostgresCalendar.dateCapacity) { text in
            PostgresCalendar.appendDate(year, month, day, to: &text)
            if year <= 0 && !plain { text.append(" BC") }
        }
    }

    /// A `timestamptz` column in UTC as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (with " BC" before
    /// year 1; `infinity`, `-infinity`).
    public func binaryTimestamp(_ column: Int) -> String? {
        guard let microseconds = binaryInt64(column) else { return nil }
        if microseconds == Int64.max { return "infinity" }
        if microseconds == Int64.min { return "-infinity" }
        let perDay: Int64 = 86_400_000_000
        var days = microseconds / perDay
        var time = microseconds % perDay
        if time < 0 {
            time += perDay
            days -= 1
        }
        let (year, month, day) = PostgresCalendar.date(julianDay: Int(days) + PostgresCalendar.epochJulianDay)
        let seconds = Int(time / 1_000_000)
        return ASCIIWriter.string(capacity: PostgresCalendar.dateCapacity + 17) { text in
            PostgresCalendar.appendDate(year, month, day, to: &text)
            text.append(UInt8(ascii: "T"))
            text.append(seconds / 3600, width: 2)
            text.append(UInt8(ascii: ":"))
            text.append(seconds / 60 % 60, width: 2)
            text.append(UInt8(ascii: ":"))
            text.append(seconds % 60, width: 2)
            text.append(UInt8(ascii: "."))
            text.append(Int(time % 1_000_000), width: 6)
            text.append(UInt8(ascii: "Z"))
            if year <= 0 { text.append(" BC") }
        }
    }
}

/// Writes ASCII straight into a new string's storage: a long scan prints a uuid and two
/// dates per row, and building each through an array (and its digits through another)
/// was a handful of allocations per value.
struct ASCIIWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    /// The text `write` writes, at most `capacity` bytes. Written on the stack first: a
    /// string made with room for more than 15 bytes is allocated even when the text
    /// (a date's 10) would fit in the string itself.
    static func string(capacity: Int, _ write: (inout ASCIIWriter) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var writer = ASCIIWriter(buffer: buffer)
            write(&writer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<writer.count]), as: UTF8.self)
        }
    }

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    mutating func append(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }

    mutating func append(_ text: StaticString) {
        for offset in 0..<text.utf8CodeUnitCount { append(text.utf8Start[offset]) }
    }

    /// `value` (not negative) in decimal, zero-padded to at least `width` digits.
    mutating func append(_ value: Int, width: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let total = max(width, digits)
        rest = value
        for offset in stride(from: count + total - 1, through: count, by: -1) {
            buffer[offset] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += total
    }
}

/// The server's calendar arithmetic (src/backend/utils/adt/datetime.c), so that a binary
/// date prints as the server would print it.
enum PostgresCalendar {
    /// The Julian day of 2000-01-01, day 0 of a binary date or timestamp.
    static let epochJulianDay = 2_451_545

    /// `j2date`: the proleptic Gregorian year (0 for 1 BC, -1 for 2 BC …), month and day.
    static func date(julianDay: Int) -> (year: Int, month: Int, day: Int) {
        var julian = UInt32(truncatingIfNeeded: julianDay)
        julian &+= 32044
        var quad = julian / 146_097
        let extra = (julian &- quad &* 146_097) &* 4 &+ 3
        julian &+= 60 &+ quad &* 3 &+ extra / 146_097
        quad = julian / 1461
        julian &-= quad &* 1461
        var y = Int(julian &* 4 / 1461)
        julian = (y != 0 ? (julian &+ 305) % 365 : (julian &+ 306) % 366) &+ 123
        y += Int(quad) * 4
        let year = y - 4800
        let q = julian &* 2141 / 65536
        let day = Int(julian &- 7834 &* q / 256)
        let month = Int((q &+ 10) % 12 &+ 1)
        return (year, month, day)
    }

    /// The most bytes ``appendDate(_:_:_:to:)`` and an era write: the largest year a
    /// date holds (5874897) has seven digits.
    static let dateCapacity = 7 + 6 + 3

    /// `YYYY-MM-DD` as `to_char` prints it: the year of the era (1 BC is 0001), at least
    /// four digits.
    static func appendDate(_ year: Int, _ month: Int, _ day: Int, to text: inout ASCIIWriter) {
        text.append(year <= 0 ? 1 - year : year, width: 4)
        text.append(UInt8(ascii: "-"))
        text.append(month, width: 2)
        text.append(UInt8(ascii: "-"))
        text.append(day, width: 2)
    }
}
