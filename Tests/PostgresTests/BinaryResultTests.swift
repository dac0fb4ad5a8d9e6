import Foundation
import Postgres
import Testing
import TestSupport

/// Binary results print dates, times, uuids and jsonb exactly as the server's text does:
/// the event store reads the log this way and hashes what it prints (schema/010's forms).
@Suite struct BinaryResultTests {
    /// Dates across the whole range, BC, year 1, leap days, five-digit years and the
    /// infinities, each printed by the server and by ``Row/binaryDate(_:plain:)``.
    @Test func datesAndTimesPrintAsTheServerPrintsThem() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                let fixed = [
                    "4713-11-24 BC", "0044-03-15 BC", "0001-12-31 BC", "0001-01-01", "1582-10-15", "1900-02-28",
                    "2000-01-01", "2000-02-29", "1999-12-31", "2026-12-07", "9999-12-31", "12345-06-07", "infinity", "-infinity",
                ]
                var random = SystemRandomNumberGenerator()
                let samples = (0..<2_000).map { _ in Int.random(in: -2_451_000...3_000_000, using: &random) }
                let sql = """
                    WITH d(v) AS (
                        SELECT v::date FROM unnest($1::text[]) v
                        UNION ALL SELECT DATE '2000-01-01' + n FROM unnest($2::int[]) n)
                    SELECT v, (v::timestamp + interval '13:04:05.000789') AT TIME ZONE 'UTC',
                           CASE WHEN NOT isfinite(v) THEN v::text
                                WHEN v < DATE '0001-01-01' THEN to_char(v, 'YYYY-MM-DD') || ' BC'
                                ELSE to_char(v, 'YYYY-MM-DD') END,
                           to_char(v, 'YYYY-MM-DD'),
                           CASE WHEN NOT isfinite(v) THEN ((v::timestamp + interval '13:04:05.000789') AT TIME ZONE 'UTC')::text
                                WHEN v < DATE '0001-01-01'
                                THEN to_char(v::timestamp + interval '13:04:05.000789', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || ' BC'
                                ELSE to_char(v::timestamp + interval '13:04:05.000789', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END
                      FROM d
                    """
                var checked = 0
                try connection.execute("SET TIME ZONE 'America/Chicago'")
                try connection.stream(sql, [TextArrayParameter(fixed), "{" + samples.map(String.init).joined(separator: ",") + "}"], binaryResults: true) { row in
                    #expect(row.binaryDate(0) == row.binaryText(2))
                    #expect(row.binaryDate(0, plain: true) == row.binaryText(3))
                    #expect(row.binaryTimestamp(1) == row.binaryText(4))
                    checked += 1
                }
                #expect(checked == fixed.count + samples.count)
            }
        }
    }

    @Test func integersUUIDsJSONAndBytes() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                let rows = try connection.stream("""
                    SELECT (-9007199254740993)::int8, (-42)::int4, '3F2B8C1E-0D4A-4C8E-9A57-1B2C3D4E5F60'::uuid,
                           '{"b": [1, "é"], "a": null}'::jsonb, '\\x00ff10'::bytea, NULL::text,
                           '3F2B8C1E-0D4A-4C8E-9A57-1B2C3D4E5F60'::uuid::text, '{"b": [1, "é"], "a": null}'::jsonb::text
                    """, binaryResults: true) { row in
                    #expect(row.binaryInt64(0) == -9_007_199_254_740_993)
                    #expect(row.binaryInt32(1) == -42)
                    #expect(row.binaryUUID(2) == row.binaryText(6))
                    #expect(row.binaryJSONB(3) == row.binaryText(7))
                    #expect(row.binaryBytes(4) == [0, 255, 16])
                    #expect(row.binaryText(5) == nil)
                    #expect(row.binaryInt64(1) == nil)
                }
                #expect(rows == 1)
            }
        }
    }
}
