import Ledger
import Mentoring
import Testing

@Suite struct ImportParsingTests {
    @Test func csvFollowsRFC4180() throws {
        let table = try CSVTable(parsing: "\u{FEFF}Id, Name ,role\r\n\"s-1\",\"Ruiz, \"\"Ana\"\"\",student\r\n\r\ns-2,\"two\nlines\",student")
        #expect(table.header == ["id", "name", "role"])
        #expect(table.rows.map(\.line) == [2, 4])
        #expect(table.rows[0].fields == ["s-1", "Ruiz, \"Ana\"", "student"])
        #expect(table.rows[1].fields == ["s-2", "two\nlines", "student"])
    }

    @Test func csvProblemsNameTheLine() {
        #expect(thrown { () throws(ImportProblem) in _ = try CSVTable(parsing: "") }?.description == "line 1: the file is empty; the first line must name the columns")
        #expect(thrown { () throws(ImportProblem) in _ = try CSVTable(parsing: "a,b\n1,\"2\"x\n") }?.line == 2)
        #expect(thrown { () throws(ImportProblem) in _ = try CSVTable(parsing: "a,b\n1,2\n3\n") }?.description
            == "line 3: has 1 fields but the header has 2; check for a missing or extra comma, or quote a field that contains one")
    }

    @Test func theFingerprintIsOfTheCommandNotOfDictionaryOrder() {
        let request = WriteRequest(actor: "a", occurredOn: try! Day("2026-08-01"))
        var first = Policy()
        first.perFocus[.asian] = CountRange(1, 3)
        var second = Policy()
        second.perFocus[.asian] = CountRange(1, 3)
        let year = try! AcademicYear("2027-28")
        let a = CommandFingerprint.digest(of: [.setPolicy(SetPolicy(year: year, policy: first))], request)
        let b = CommandFingerprint.digest(of: [.setPolicy(SetPolicy(year: year, policy: second))], request)
        #expect(a == b)
        second.perFocus[.asian] = CountRange(1, 2)
        #expect(CommandFingerprint.digest(of: [.setPolicy(SetPolicy(year: year, policy: second))], request) != a)
        let other = WriteRequest(actor: "a", occurredOn: try! Day("2026-08-02"))
        #expect(CommandFingerprint.digest(of: [.setPolicy(SetPolicy(year: year, policy: first))], other) != a)
    }

    func thrown(_ body: () throws(ImportProblem) -> Void) -> ImportProblem? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
}
