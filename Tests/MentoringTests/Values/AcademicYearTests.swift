import Mentoring
import Testing

@Suite struct AcademicYearTests {
    @Test func runsFromJulyFirstToJuneThirtieth() throws {
        let year = try AcademicYear("2026-27")
        #expect(year.startYear == 2026)
        #expect(year.firstDay == day("2026-07-01"))
        #expect(year.lastDay == day("2027-06-30"))
        #expect(year.description == "2026-27")
        #expect(AcademicYear(containing: day("2027-06-30")) == year)
        #expect(AcademicYear(containing: day("2027-07-01")).description == "2027-28")
        #expect(AcademicYear(containing: day("2026-06-30")).description == "2025-26")
        #expect(year.contains(day("2026-07-01")) && !year.contains(day("2026-06-30")))
        #expect(AcademicYear(startYear: 1999).description == "1999-00")
        #expect(try AcademicYear("2099-00").startYear == 2099)
    }

    /// A year before 1000 prints as it is read (the value fuzzer found `186-87`).
    @Test func earlyYearsRoundTrip() throws {
        for text in ["0186-87", "0009-10", "0099-00", "0999-00"] {
            #expect(try AcademicYear(text).description == text)
        }
    }

    @Test func refusesMalformedYears() {
        #expect(thrown { () throws(InvalidValue) in _ = try AcademicYear("2026-28") }?.description
            == "academic year: '2026-28' does not span two consecutive years; did you mean 2026-27?")
        #expect(thrown { () throws(InvalidValue) in _ = try AcademicYear("2026") }?.description
            == "academic year: '2026' is not an academic year; write YYYY-YY, e.g. 2026-27")
        #expect(thrown { () throws(InvalidValue) in _ = try AcademicYear("2026-2027") } != nil)
    }
}
