internal import CLibPQ

/// Getters for a result in PostgreSQL's binary format (``Connection/stream(_:_:binaryResults:_:)``).
///
/// Each returns nil for SQL NULL or a value of the wrong size. Dates and times come back
/// in the text the server's `to_char(…, 'YYYY-MM-DD')` and `to_char(… AT TIME ZONE 'UTC',
/// 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` would print, with " BC" after a date before year 1
/// and `infinity` / `-infinity` as the server prints those: the forms the event store's
/// canonical form covers (schema/010's `canonical_date` and `canonical_time`).
extension Row {
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
        string(column)
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
            let digits: [UInt8] = Array("0123456789abcdef".utf8)
            var text = [UInt8]()
            text.reserveCapacity(36)
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
            return String(decoding: text, as: UTF8.self)
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
        var text = [UInt8]()
        text.reserveCapacity(16)
        let (year, month, day) = PostgresCalendar.date(julianDay: Int(days) + PostgresCalendar.epochJulianDay)
        PostgresCalendar.appendDate(year, month, day, to: &text)
        if year <= 0 && !plain { text.append(contentsOf: " BC".utf8) }
        return String(decoding: text, as: UTF8.self)
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
        var text = [UInt8]()
        text.reserveCapacity(32)
        PostgresCalendar.appendDate(year, month, day, to: &text)
        let seconds = Int(time / 1_000_000)
        text.append(UInt8(ascii: "T"))
        PostgresCalendar.append(seconds / 3600, width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        PostgresCalendar.append(seconds / 60 % 60, width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        PostgresCalendar.append(seconds % 60, width: 2, to: &text)
        text.append(UInt8(ascii: "."))
        PostgresCalendar.append(Int(time % 1_000_000), width: 6, to: &text)
        text.append(UInt8(ascii: "Z"))
        if year <= 0 { text.append(contentsOf: " BC".utf8) }
        return String(decoding: text, as: UTF8.self)
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

    /// `YYYY-MM-DD` as `to_char` prints it: the year of the era (1 BC is 0001), at least
    /// four digits.
    static func appendDate(_ year: Int, _ month: Int, _ day: Int, to text: inout [UInt8]) {
        append(year <= 0 ? 1 - year : year, width: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        append(month, width: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        append(day, width: 2, to: &text)
    }

    /// `value` (not negative) in decimal, zero-padded to at least `width` digits.
    static func append(_ value: Int, width: Int, to text: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        for _ in digits.count..<max(width, digits.count) { text.append(UInt8(ascii: "0")) }
        text.append(contentsOf: digits.reversed())
    }
}
