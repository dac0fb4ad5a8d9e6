import Mentoring
import Testing

@Suite struct MoneyAndHoursTests {
    @Test func parsesDollarsExactly() throws {
        #expect(try Cents(dollars: "2500").value == 250_000)
        #expect(try Cents(dollars: "2500.00").value == 250_000)
        #expect(try Cents(dollars: "2500.5").value == 250_050)
        #expect(try Cents(dollars: "0.07").value == 7)
        #expect(Cents(250_000).dollarsText == "2500.00")
        #expect(Cents(7).description == "$0.07")
    }

    @Test func refusesMoneyThatIsNotExact() {
        #expect(thrown { () throws(InvalidValue) in _ = try Cents(dollars: "2500.001") }?.description
            == "amount: '2500.001' has 3 decimals; at most two are allowed, e.g. 2500.00")
        #expect(thrown { () throws(InvalidValue) in _ = try Cents(dollars: "-5") }?.description
            == "amount: '-5' is negative; write a positive amount, e.g. 2500.00")
        for bad in ["1e3", "$2500", "2,500", "", ".5", "2500.", "nan", "inf", "0x10", "+5", "12345678901"] {
            #expect(thrown { () throws(InvalidValue) in _ = try Cents(dollars: bad) }?.field == "amount", "\(bad)")
        }
    }

    @Test func parsesHoursAsHundredths() throws {
        #expect(try Hours("1.5").hundredths == 150)
        #expect(try Hours("24").hundredths == 2400)
        #expect(try Hours("0.25").description == "0.25")
        #expect((hours("1.5") + hours("2.25")).description == "3.75")
        #expect(try Hours(total: "150").hundredths == 15_000)
    }

    @Test func refusesAbsurdHours() {
        #expect(thrown { () throws(InvalidValue) in _ = try Hours("25") }?.description
            == "hours: '25' is more than 24 hours in one entry; split it or fix the number")
        #expect(thrown { () throws(InvalidValue) in _ = try Hours("24.01") } != nil)
        #expect(thrown { () throws(InvalidValue) in _ = try Hours("-1") }?.description
            == "hours: '-1' is negative; write a positive amount, e.g. 1.5")
        #expect(thrown { () throws(InvalidValue) in _ = try Hours("0") }?.description
            == "hours: '0' is zero; record more than 0 hours")
        for bad in ["1e9", "NaN", "nan", "inf", "1.005", "one", "", "1,5", "9999999999999999999999"] {
            #expect(thrown { () throws(InvalidValue) in _ = try Hours(bad) }?.field == "hours", "\(bad)")
        }
    }
}
