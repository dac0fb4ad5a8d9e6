import Mentoring
import Testing

@Suite struct DayTests {
    @Test func parsesAndFormatsIsoDates() throws {
        let parsed = try Day("2026-10-03")
        #expect(parsed.year == 2026 && parsed.month == 10 && parsed.day == 3)
        #expect(parsed.description == "2026-10-03")
        #expect(try Day("2028-02-29").description == "2028-02-29")
    }

    @Test func refusesDatesThatDoNotExist() {
        #expect(thrown { () throws(InvalidValue) in _ = try Day("2026-02-30") }?.description
            == "date: 2026-02-30 does not exist; that month has 28 days")
        #expect(thrown { () throws(InvalidValue) in _ = try Day("2027-02-29") } != nil)
        #expect(thrown { () throws(InvalidValue) in _ = try Day("2026-13-01", field: "--on") }?.description
            == "--on: 2026-13-01 has month 13; months run from 01 to 12")
        for bad in ["2026-1-05", "26-01-05", "2026/01/05", "2026-01-05T00:00", "", "yesterday", "2026-0a-05", "+026-01-05"] {
            #expect(thrown { () throws(InvalidValue) in _ = try Day(bad) }?.field == "date", "\(bad)")
        }
    }

    @Test func ordersByCalendar() {
        #expect(day("2026-06-30") < day("2026-07-01"))
        #expect(day("2025-12-31") < day("2026-01-01"))
        #expect(max(day("2026-09-09"), day("2026-10-01")) == day("2026-10-01"))
    }
}
