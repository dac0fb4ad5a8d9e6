import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// GUARANTEES 17: the bytes the chain hashes are jsonb's text output, so one JSON value
/// written in different ways (keys permuted, whitespace, `\u` escapes, duplicate keys,
/// integers in exponent form) is stored, hashed and read back as identical bytes, and the
/// hash recomputed from the bytes read back equals the one computed at append.
@Suite struct CanonicalFormPropertyTests {
    /// A JSON value, generated; objects keep their members in generation order.
    indirect enum Value {
        case null, bool(Bool), int(Int), string(String), array([Value]), object([(String, Value)])
    }

    /// Characters a payload may hold: quotes, backslashes, control characters, accents,
    /// CJK, and a character outside the BMP (a surrogate pair when escaped).
    static let alphabet: [Character] = Array("abcxyzAZ09 -_.:,{}[]\"\\/é中ß🏅") + ["\n", "\t", "\u{01}", "\u{1F}", "\u{7F}", "\u{2028}"]

    static func value(_ depth: Int, _ random: inout SeededGenerator) -> Value {
        switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(Int.random(in: -1_000_000...1_000_000, using: &random) * [1, 100, 1000][Int.random(in: 0..<3, using: &random)])
        case 3: return .string(string(&random))
        case 4: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth + 1, &random) })
        default:
            var keys = Set<String>()
            let count = Int.random(in: 0...5, using: &random)
            for _ in 0..<count * 2 where keys.count < count { keys.insert(string(&random)) }
            return .object(keys.sorted().map { ($0, value(depth + 1, &random)) })
        }
    }

    static func string(_ random: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    /// How a writer might spell a value.
    enum Spelling: CaseIterable { case compact, permutedAndSpaced, escapedWithDecoys }

    static func render(_ value: Value, _ spelling: Spelling, _ random: inout SeededGenerator) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number):
            guard spelling == .escapedWithDecoys, number != 0 else { return String(number) }
            var (mantissa, exponent) = (number, 0)
            while mantissa % 10 == 0 { mantissa /= 10; exponent += 1 }
            return "\(mantissa)\(["e", "E"].randomElement(using: &random)!)\(exponent == 0 ? "" : "+")\(exponent)"
        case .string(let text): return quote(text, escapingAll: spelling == .escapedWithDecoys)
        case .array(let elements):
            let space = spelling == .permutedAndSpaced ? " \n " : ""
            return "[" + space + elements.map { render($0, spelling, &random) }.joined(separator: "," + space) + space + "]"
        case .object(let members):
            var ordered = members
            if spelling != .compact { ordered.shuffle(using: &random) }
            var parts: [String] = []
            for (key, member) in ordered {
                if spelling == .escapedWithDecoys {
                    // A duplicate key before the real one: jsonb keeps the last.
                    parts.append(quote(key, escapingAll: true) + ":\"decoy\"")
                }
                let colon = spelling == .permutedAndSpaced ? " :\t" : ":"
                parts.append(quote(key, escapingAll: spelling == .escapedWithDecoys) + colon + render(member, spelling, &random))
            }
            let space = spelling == .permutedAndSpaced ? "\r\n  " : ""
            return "{" + space + parts.joined(separator: "," + space) + space + "}"
        }
    }

    /// A JSON string; with `escapingAll`, every character that is not a plain ASCII
    /// letter or digit is written as `\uXXXX` (UTF-16, so a pair beyond the BMP).
    static func quote(_ text: String, escapingAll: Bool) -> String {
        var out = "\""
        if escapingAll {
            for unit in text.utf16 {
                switch unit {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: out.unicodeScalars.append(Unicode.Scalar(unit)!)
                default: out += String(format: "\\u%04x", unit)
                }
            }
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\u{00}"..."\u{1F}": out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test func oneValueSpelledManyWaysIsStoredAndHashedAsTheSameBytes() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let values = (0..<400).map { _ in Self.value(0, &random) }
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                var events: [NewEvent] = []
                for (index, value) in values.enumerated() {
                    for spelling in Spelling.allCases {
                        // Payloads are objects; wrap each value so scalars are covered too.
                        let data = "{\"v\":" + Self.render(value, spelling, &random) + "}"
                        events.append(NewEvent(stream: StreamName("property-\(index)"), type: "Spelled", data: data))
                    }
                }
                try store.appendBulk(events, metadata: meta())
                let rows = try connection.execute("SELECT stream, data::text FROM mcledger.events ORDER BY position")
                var texts: [String: Set<String>] = [:]
                for row in rows { texts[row.string(0)!, default: []].insert(row.string(1)!) }
                #expect(texts.count == values.count)
                let differing = texts.filter { $0.value.count != 1 }
                #expect(differing.isEmpty, "seed \(seed): \(differing.prefix(3))")
                // The hash recomputed from the bytes read back equals the one stored at append.
                let report = try store.verify()
                #expect(report.isIntact, "seed \(seed): \(report.problem ?? "")")
                #expect(report.checked == events.count)
            }
        }
    }

    /// Guarantee 16 at scale: a random ledger of 10,000 events (random payloads and
    /// metadata: actors with quotes and emoji, business dates, command and correlation ids,
    /// free metadata), appended 100 at a time over 40 streams. At every position the
    /// Swift canonical form equals the SQL `mcledger.canonical_form`, the plain-SQL recipe's
    /// recursive CTE recomputes every stored hash, and the Swift verifier passes.
    @Test func aRandomTenThousandEventLedgerIsHashedAlikeBySwiftAndSQL() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                for batch in 0..<100 {
                    let events = (0..<100).map { _ in
                        NewEvent(
                            stream: StreamName("random-\(Int.random(in: 0..<40, using: &random))"),
                            type: ["Noted", "Spelled", "Counted"].randomElement(using: &random)!,
                            data: "{\"v\":" + Self.render(Self.value(0, &random), .compact, &random) + "}"
                        )
                    }
                    let date = "20\(Int.random(in: 20...39, using: &random))-\(String(format: "%02d", Int.random(in: 1...12, using: &random)))-\(String(format: "%02d", Int.random(in: 1...28, using: &random)))"
                    let metadata = AppendMetadata(
                        actor: Self.string(&random) + " \(batch)",
                        occurredOn: date,
                        commandID: Bool.random(using: &random) ? "cmd-\(batch)-\(Self.string(&random))" : nil,
                        correlationID: Bool.random(using: &random) ? UUID() : nil,
                        extra: "{\"note\":" + Self.render(Self.value(1, &random), .compact, &random) + "}"
                    )
                    try store.appendBulk(events, metadata: metadata)
                }
                let sqlForms = try sqlCanonicalForms(connection)
                let events = try store.events()
                try #require(events.count == 10_000)
                var mismatches: [Int64] = []
                for (event, sqlForm) in zip(events, sqlForms) where CanonicalForm.bytes(of: event) != Array(sqlForm.utf8) {
                    mismatches.append(event.position)
                }
                #expect(mismatches.isEmpty, "seed \(seed): Swift and SQL canonical forms differ at \(mismatches.prefix(5))")
                let recipe = try sqlRecipeMismatches(connection)
                #expect(recipe.mismatches == 0, "seed \(seed)")
                #expect(recipe.events == 10_000)
                let report = try store.verify()
                #expect(report.isIntact, "seed \(seed): \(report.problem ?? "")")
                #expect(report.checked == 10_000)
            }
        }
    }

    /// jsonb keeps a number's scale: 1.0 and 1.00 compare equal in SQL but are stored
    /// (and hashed) as written. The payloads the program writes carry decimals as strings
    /// ("2500.00"), so no value of ours depends on it; each spelling is stable.
    @Test func aDecimalKeepsItsScale() throws {
        try TestDatabase.with { db in
            try db.withConnection { connection in
                let store = EventStore(connection: connection)
                try store.append([
                    NewEvent(stream: "scale", type: "Spelled", data: #"{"x": 1.0}"#),
                    NewEvent(stream: "scale", type: "Spelled", data: #"{"x":1.00}"#),
                ], metadata: meta())
                let texts = try connection.execute("SELECT data::text FROM mcledger.events ORDER BY position").map { $0.string(0)! }
                #expect(texts == [#"{"x": 1.0}"#, #"{"x": 1.00}"#])
                #expect(try store.verify().isIntact)
            }
        }
    }
}
