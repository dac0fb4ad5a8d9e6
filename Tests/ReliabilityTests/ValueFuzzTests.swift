import Foundation
import Ledger
import Mentoring
import Testing
import TestSupport

/// Thousands of generated values through the parsers every CLI flag and CSV cell goes
/// through, each checked against a small reference written here: never a crash, a
/// refusal always names its field, and an accepted value means what it says.
@Suite struct ValueFuzzTests {
    static let sqlish = ["'; DROP TABLE mcledger.events; --", "1 OR 1=1", "$$", "\\x00", "c-x'--", "c-x; --", "c-x\" OR \"\"=\""]
    static let fragments = [
        "c-latinx", "s-2029-ana", "-x", "x-", "2026-02-30", "2026-02-29", "2028-02-29", "1900-02-29", "2000-02-29", "2026-13-01",
        "2026-00-10", "0000-01-01", "9999-12-31", "2026-1-1", "2026-27", "2026-28", "1999-00", "2099-00", "1e9", "-1", "24.01",
        "24", "24.00", "0", "0.00", "0.001", "2500.001", "2500", "2500.5", "2500.", ".5", "+5", "1,000", "$2,500", "nan", "inf",
        "0x10", "١٢", "２５００", "1_000", " 1", "1 ", "\t", "\n", "\u{0}", "\u{7F}", "\u{FFFD}", "\u{202E}", "é", "Ä", "🧑‍⚕️",
        "00000000000000000001", "99999999999", "1000000.00", "999999.99",
    ]

    static func randomText(_ rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: return fragments.randomElement(using: &rng)!
        case 1: return sqlish.randomElement(using: &rng)!
        case 2:  // overlong
            return String(repeating: ["a", "1", "-", "é"].randomElement(using: &rng)!, count: Int.random(in: 60...5000, using: &rng))
        case 3:  // random bytes decoded as UTF-8 (invalid sequences become U+FFFD, as a terminal would)
            let bytes = (0..<Int.random(in: 0...12, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return String(decoding: bytes, as: UTF8.self)
        case 4:  // from a small alphabet, so that valid values turn up too
            let alphabet = Array("0123456789-.abcz")
            return String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        case 5:  // digits and separators shaped like dates, years and amounts
            let alphabet = Array("0123456789-.")
            return String((0..<Int.random(in: 4...11, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        case 6:  // a fragment with one character changed
            var scalars = Array(fragments.randomElement(using: &rng)!.unicodeScalars)
            if !scalars.isEmpty { scalars[Int.random(in: 0..<scalars.count, using: &rng)] = Unicode.Scalar(UInt8.random(in: 0...127, using: &rng)) }
            return String(String.UnicodeScalarView(scalars))
        default:  // control characters and spaces around a good value
            let wrap = ["\u{1}", " ", "\r", "\u{1B}[31m", "\u{0}"].randomElement(using: &rng)!
            return Bool.random(using: &rng) ? wrap + fragments.randomElement(using: &rng)! : fragments.randomElement(using: &rng)! + wrap
        }
    }

    // The references: written from CLI.md, not from the code under test.

    static func isID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard (1...64).contains(scalars.count), scalars[0] != "-" else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func asciiDigits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int(text)
    }

    static func referenceDay(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = asciiDigits(parts[0]), let m = asciiDigits(parts[1]), let d = asciiDigits(parts[2]),
              y >= 1, (1...12).contains(m) else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d) ? (y, m, d) : nil
    }

    /// Hundredths of `digits[.d[d]]`, ASCII only, within `maxWhole` whole digits.
    static func referenceHundredths(_ text: String, maxWhole: Int) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = asciiDigits(parts[0]) else { return nil }
        guard parts[0].drop(while: { $0 == "0" }).count <= maxWhole else { return nil }
        var cents = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), let fraction = asciiDigits(parts[1]) else { return nil }
            cents = parts[1].count == 1 ? fraction * 10 : fraction
        }
        return whole * 100 + cents
    }

    static func referenceYear(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let start = asciiDigits(parts[0]), let end = asciiDigits(parts[1]), start >= 1, end == (start + 1) % 100 else { return nil }
        return start
    }

    /// Runs `parse`; a refusal must be an ``InvalidValue`` naming `field`, with a message.
    static func outcome<T>(_ field: String, _ text: String, _ problems: inout [String], _ parse: () throws(InvalidValue) -> T) -> T? {
        do throws(InvalidValue) {
            return try parse()
        } catch {
            if error.field != field || error.message.isEmpty || error.value != text {
                problems.append("\(field) \(text.debugDescription): refusal names \(error.field.debugDescription) with \(error.message.debugDescription)")
            }
            return nil
        }
    }

    @Test func valueParsersAgreeWithTheirReferenceOnGeneratedText() throws {
        var rng = SeededGenerator.announced("value parsers")
        var problems: [String] = []
        var cases = 0
        func check(_ label: String, _ text: String, _ accepted: Bool, _ expected: Bool, _ detail: @autoclosure () -> String = "") {
            cases += 1
            if accepted != expected { problems.append("\(label) \(text.debugDescription): accepted \(accepted), reference says \(expected) \(detail())") }
        }
        for _ in 0..<6_000 {
            let text = Self.randomText(&rng)
            let community = Self.outcome("--community", text, &problems) { () throws(InvalidValue) in try CommunityID(text, field: "--community") }
            check("community id", text, community != nil, Self.isID(text))
            if let community { check("community id round trip", text, community.rawValue == text, true) }
            let person = Self.outcome("student id", text, &problems) { () throws(InvalidValue) in try PersonID(text, field: "student id") }
            check("person id", text, person != nil, Self.isID(text))

            let day = Self.outcome("--on", text, &problems) { () throws(InvalidValue) in try Day(text, field: "--on") }
            let reference = Self.referenceDay(text)
            check("day", text, day != nil, reference != nil)
            if let day, let reference { check("day value", text, (day.year, day.month, day.day) == reference && day.description == text, true, "\(day)") }

            let year = Self.outcome("--year", text, &problems) { () throws(InvalidValue) in try AcademicYear(text, field: "--year") }
            check("academic year", text, year != nil, Self.referenceYear(text) != nil)
            if let year { check("academic year round trip", text, year.description == text, true) }

            let hours = Self.outcome("--hours", text, &problems) { () throws(InvalidValue) in try Hours(text, field: "--hours") }
            let expectedHours = Self.referenceHundredths(text, maxWhole: 6).flatMap { (1...2400).contains($0) ? $0 : nil }
            check("hours", text, hours != nil, expectedHours != nil)
            if let hours { check("hours value", text, hours.hundredths == expectedHours, true, "\(hours.hundredths)") }

            let cents = Self.outcome("--amount", text, &problems) { () throws(InvalidValue) in try Cents(dollars: text, field: "--amount") }
            let expectedCents = Self.referenceHundredths(text, maxWhole: 9)
            check("amount", text, cents != nil, expectedCents != nil)
            if let cents {
                check("amount value", text, cents.value == expectedCents, true, "\(cents.value)")
                check("amount round trip", text, (try? Cents(dollars: cents.dollarsText))?.value == cents.value, true)
            }

            let focus = Self.outcome("--focus", text, &problems) { () throws(InvalidValue) in try Focus(parsing: text, field: "--focus") }
            check("focus", text, focus != nil, Focus.allCases.map(\.rawValue).contains(text))
            let role = Self.outcome("--role", text, &problems) { () throws(InvalidValue) in try Role(parsing: text, field: "--role") }
            check("role", text, role != nil, Role.allCases.map(\.rawValue).contains(text))
        }
        // The named cases of the issue, by hand.
        for (text, accepted) in [("2026-02-30", false), ("2028-02-29", true), ("2026-02-29", false)] {
            check("day named", text, (try? Day(text)) != nil, accepted)
        }
        for (text, accepted) in [("1e9", false), ("-1", false), ("24.01", false), ("24", true), ("0.01", true), ("0", false)] {
            check("hours named", text, (try? Hours(text)) != nil, accepted)
        }
        for (text, accepted) in [("2500.001", false), ("2500.00", true), ("2500", true), ("1e3", false), ("$2,500", false)] {
            check("amount named", text, (try? Cents(dollars: text)) != nil, accepted)
        }
        #expect(problems.isEmpty, "\(problems.count) of \(cases): \(problems.prefix(20))")
        Tally.report("value parsers, \(cases) generated cases", events: 0, lost: 0)
    }

    /// A table written per RFC 4180 (fields quoted when they need it), with the line
    /// each record starts on.
    static func render(_ records: [[String]], crlf: Bool, bom: Bool) -> (text: String, lines: [Int]) {
        var text = bom ? "\u{FEFF}" : ""
        var lines: [Int] = []
        var line = 1
        for record in records {
            lines.append(line)
            let fields = record.map { field -> String in
                let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" } || field.isEmpty
                return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }
            let row = fields.joined(separator: ",") + (crlf ? "\r\n" : "\n")
            line += row.unicodeScalars.filter { $0 == "\n" }.count
            text += row
        }
        return (text, lines)
    }

    static func randomField(_ rng: inout SeededGenerator) -> String {
        let alphabet: [String] = ["a", "Z", "é", " ", ",", "\"", "\n", "\r\n", "'", "=", "🧑‍⚕️", "\t", "\u{0}", "x"]
        if Int.random(in: 0..<200, using: &rng) == 0 { return String(repeating: "h", count: Int.random(in: 10_000...100_000, using: &rng)) }
        return (0..<Int.random(in: 0...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
    }

    @Test func theCSVParserReadsBackEveryTableItWasGiven() throws {
        var rng = SeededGenerator.announced("CSV round trip")
        var problems: [String] = []
        let cases = 2_000
        for _ in 0..<cases {
            let columns = Int.random(in: 2...6, using: &rng)
            let header = (0..<columns).map { "c\($0)" }
            let rows = (0..<Int.random(in: 0...8, using: &rng)).map { _ in (0..<columns).map { _ in Self.randomField(&rng) } }
            let (text, lines) = Self.render([header] + rows, crlf: Bool.random(using: &rng), bom: Int.random(in: 0..<5, using: &rng) == 0)
            do {
                let table = try CSVTable(parsing: text)
                // A CRLF inside a quoted field is read as written; the file's line ends are not part of a field.
                if table.header != header || table.rows.map(\.fields) != rows || table.rows.map(\.line) != Array(lines.dropFirst()) {
                    problems.append("read back differently: \(text.prefix(200).debugDescription)")
                }
            } catch {
                problems.append("refused a well-formed table (\(error)): \(text.prefix(200).debugDescription)")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) of \(cases): \(problems.prefix(5))")
        Tally.report("CSV round trip, \(cases) generated tables", events: 0, lost: 0)
    }

    @Test func theCSVParserRefusesMalformedTextByLine() throws {
        var rng = SeededGenerator.announced("CSV malformed")
        var problems: [String] = []
        var refused = 0
        let cases = 4_000
        let alphabet: [String] = [",", "\"", "\r", "\n", "\r\n", "a", "b", " ", "é", "\u{FEFF}", "\u{0}", "\u{FFFD}", "\"\""]
        for index in 0..<cases {
            var text: String
            if index % 2 == 0 {
                text = (0..<Int.random(in: 0...60, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            } else {
                // A good file with one mutation: a character dropped, doubled or replaced.
                let good = Self.render([["id", "name", "role"], ["s-1", "Ruiz, Ana", "student"], ["f-2", "Dr. \"Ada\"", "faculty"]], crlf: Bool.random(using: &rng), bom: false).text
                var scalars = Array(good.unicodeScalars)
                let at = Int.random(in: 0..<scalars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(scalars[at], at: at)
                default: scalars[at] = ["\"", ",", "\n", "\r", "x"].randomElement(using: &rng)!.unicodeScalars.first!
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            let physicalLines = text.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count + 1
            do throws(ImportProblem) {
                let table = try CSVTable(parsing: text)
                for row in table.rows where row.fields.count != table.header.count || row.line < 2 || row.line > physicalLines {
                    problems.append("accepted a ragged or misnumbered row \(row.line): \(text.debugDescription)")
                }
            } catch {
                refused += 1
                if error.line < 1 || error.line > physicalLines || error.message.isEmpty {
                    problems.append("refusal at line \(error.line) of \(physicalLines): \(error) in \(text.debugDescription)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) of \(cases): \(problems.prefix(5))")
        #expect(refused > cases / 10)
        Tally.report("CSV malformed, \(cases) generated files, \(refused) refused by line", events: 0, lost: 0)
    }
}
