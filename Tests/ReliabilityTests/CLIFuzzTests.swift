import EventCodec
import Foundation
import Mentoring
import Postgres
import Testing
import TestSupport

/// Generated bad input through the built binary and the event decoder: every refusal
/// exits 65 naming the flag, the line or the column, and nothing is written.
@Suite struct CLIFuzzTests {
    struct Template: Sendable {
        var field: String
        var arguments: @Sendable (String) -> [String]
        var isValid: @Sendable (String) -> Bool
    }

    static let templates: [Template] = [
        Template(field: "student id", arguments: { ["student", "join", $0, "--community", "c-latinx", "--on", "2026-08-01"] }, isValid: ValueFuzzTests.isID),
        Template(field: "--community", arguments: { ["student", "join", "s-1", "--community=\($0)", "--on", "2026-08-01"] }, isValid: ValueFuzzTests.isID),
        Template(field: "--on", arguments: { ["student", "join", "s-1", "--community", "c-latinx", "--on=\($0)"] }, isValid: { ValueFuzzTests.referenceDay($0) != nil }),
        Template(field: "--hours", arguments: { ["training", "complete", "f-okafor", "--hours=\($0)"] }, isValid: {
            ValueFuzzTests.referenceHundredths($0, maxWhole: 6).map { (1...2400).contains($0) } ?? false
        }),
        Template(field: "--year", arguments: { ["stipend", "request", "--community", "c-latinx", "--year=\($0)", "--payee", "f-okafor", "--amount", "2500"] }, isValid: {
            ValueFuzzTests.referenceYear($0) != nil
        }),
        Template(field: "--amount", arguments: { ["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount=\($0)"] }, isValid: {
            ValueFuzzTests.referenceHundredths($0, maxWhole: 9) != nil
        }),
        Template(field: "--focus", arguments: { ["community", "establish", "c-new", "--name", "New", "--focus=\($0)"] }, isValid: { Focus(rawValue: $0) != nil }),
        Template(field: "--role", arguments: { ["person", "register", "p-new", "--name", "New", "--role=\($0)"] }, isValid: { Role(rawValue: $0) != nil }),
    ]

    @Test func badValuesThroughTheBinaryAreRefusedByFieldAndWriteNothing() throws {
        var rng = SeededGenerator.announced("CLI bad values")
        var cases: [(Template, String)] = []
        while cases.count < 240 {
            let template = Self.templates[cases.count % Self.templates.count]
            let text = ValueFuzzTests.randomText(&rng)
            // A process argument is a C string: it cannot hold NUL.
            guard !template.isValid(text), !text.contains("\u{0}") else { continue }
            cases.append((template, text))
        }
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 2, seated: 1, leader: true)
            let before = try target.fingerprint()
            let shared = cases.map { ($0.0, $0.1) }
            let problems = LockedBox<[String]>([])
            let workers = 4
            let results = concurrently(workers) { worker in
                for index in stride(from: worker, to: shared.count, by: workers) {
                    let (template, text) = shared[index]
                    let result = try target.run(template.arguments(text))
                    // A value that starts with '-' may be read as an option, and an empty
                    // `--flag=` is a missing value. A combining mark right after '=' joins
                    // it into one character, so the parser no longer sees `--flag=` and
                    // reports an unknown option. All are usage errors (64) of the argument
                    // parser, and each names the flag.
                    // (Compared as bytes: "=" and the mark are one Character, so a String
                    // search for "…=" would not match inside it.)
                    let joined = ("=" + text).count == text.count
                    let unknown = Data(result.stderr.utf8).range(of: Data("Unknown option '\(template.field)=".utf8)) != nil
                    let usage = result.status == 64 && (text.hasPrefix("-") || result.stderr.contains("'\(template.field) <")
                        || (joined && unknown))
                    let named = result.status == 65 && result.stderr.hasPrefix("mcledger: \(template.field): ")
                    if !(usage || named) || !result.stdout.isEmpty {
                        problems.withLock { $0.append("\(template.field) \(text.debugDescription) → \(result.status) \(result.stderr.prefix(160).debugDescription)") }
                    }
                    if try target.fingerprint() != before {
                        problems.withLock { $0.append("\(template.field) \(text.debugDescription) wrote to the ledger") }
                    }
                }
            }
            for result in results { try result.get() }
            let found = problems.withLock { $0 }
            #expect(found.isEmpty, "\(found.count) of \(shared.count): \(found.prefix(10))")
            #expect(try target.fingerprint() == before)
            #expect(try target.verifies())
            Tally.report("CLI bad values, \(shared.count) processes", events: before.events, lost: 0)
        }
    }

    /// A people file with one certain fault, plus random noise.
    static func malformedPeopleFile(_ rng: inout SeededGenerator) -> (data: Data, fault: String) {
        var rows = ["id,name,role,class_of"]
        for index in 0..<Int.random(in: 1...30, using: &rng) { rows.append("s-fz-\(index),\"Student \(index), Jr.\",student,2029") }
        let at = Int.random(in: 1...rows.count, using: &rng)
        let faults: [(String, String)] = [
            ("unclosed quote", "s-bad,\"Never closed,student,2029"),
            ("extra field", "s-bad,Extra,student,2029,surplus"),
            ("bad id", "S 3,Three,student,2029"),
            ("bad role", "s-bad,Bad,professor,2029"),
            ("bad year", "s-bad,Bad,student,29"),
            ("empty name", "s-bad,,student,2029"),
            ("sql id", "s-1'; DROP TABLE mcledger.events; --,Bad,student,2029"),
            ("text after quote", "s-bad,\"Ana\" Ruiz,student,2029"),
            ("huge id", String(repeating: "s", count: 70_000) + ",Huge,student,2029"),
        ]
        let (fault, row) = faults.randomElement(using: &rng)!
        rows.insert(row, at: at)
        var text = rows.joined(separator: Bool.random(using: &rng) ? "\r\n" : "\n") + "\n"
        if Bool.random(using: &rng) { text = "\u{FEFF}" + text }
        var data = Data(text.utf8)
        if Int.random(in: 0..<4, using: &rng) == 0 {
            // Invalid UTF-8: a lone continuation byte, an overlong form, a truncated sequence.
            let bad: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xFF]]
            data.insert(contentsOf: bad.randomElement(using: &rng)!, at: Int.random(in: 0..<data.count, using: &rng))
            return (data, "invalid UTF-8")
        }
        return (data, fault)
    }

    @Test func malformedImportFilesAreRefusedByLineAndWriteNothing() throws {
        var rng = SeededGenerator.announced("CLI import files")
        let files = (0..<100).map { _ in Self.malformedPeopleFile(&rng) }
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 1)
            let before = try target.fingerprint()
            let paths = try files.map { try temporaryFile($0.data) }
            let problems = LockedBox<[String]>([])
            let workers = 4
            let results = concurrently(workers) { worker in
                for index in stride(from: worker, to: files.count, by: workers) {
                    let result = try target.run(["import", "people", paths[index], "--on", "2026-07-01"])
                    let lines = result.stderr.split(separator: "\n")
                    let named = files[index].fault == "invalid UTF-8"
                        ? result.stderr.contains("is not UTF-8 text")
                        : lines.first?.contains(#/: line \d+(, column [a-z_]+)?: /#) == true
                    if result.status != 65 || !named || !result.stdout.isEmpty {
                        problems.withLock { $0.append("\(files[index].fault) → \(result.status) \(result.stderr.prefix(200).debugDescription)") }
                    }
                    if try target.fingerprint() != before {
                        problems.withLock { $0.append("\(files[index].fault) wrote to the ledger") }
                    }
                }
            }
            for result in results { try result.get() }
            let found = problems.withLock { $0 }
            #expect(found.isEmpty, "\(found.count) of \(files.count): \(found.prefix(10))")
            #expect(try target.withConnection { try $0.execute("SELECT count(*) FROM mcledger.people").first!.int(0)! } == 6)
            #expect(try target.verifies())
            Tally.report("CLI malformed import files, \(files.count) processes", events: before.events, lost: 0)
        }
    }

    @Test func aNameLongerThanTheDirectoryTakesIsRefusedByField() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            let before = try target.fingerprint()
            let long = String(repeating: "N", count: 201)
            let register = try target.run(["person", "register", "p-long", "--name", long, "--role", "staff", "--on", "2026-07-01"])
            let imported = try target.run(["import", "people", try temporaryFile("id,name,role\np-long,\(long),staff\n"), "--on", "2026-07-01"])
            // Nothing is written either way: the directory's CHECK rolls the append back.
            #expect(try target.fingerprint() == before)
            #expect(register.status == 65)
            #expect(register.stderr.hasPrefix("mcledger: --name: "), "\(register.stderr)")
            #expect(imported.status == 65)
            #expect(imported.stderr.contains("line 2, column name: "), "\(imported.stderr)")
        }
    }

    // MARK: Event decoding

    static func randomJSON(_ rng: inout SeededGenerator, depth: Int = 0) -> Any {
        switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &rng) {
        case 0: return ValueFuzzTests.randomText(&rng)
        case 1: return Int.random(in: Int(Int32.min)...Int(Int32.max), using: &rng)
        case 2: return [true, false].randomElement(using: &rng)!
        case 3: return NSNull()
        case 4: return (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomJSON(&rng, depth: depth + 1) }
        default:
            var object: [String: Any] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { object[ValueFuzzTests.randomText(&rng)] = randomJSON(&rng, depth: depth + 1) }
            return object
        }
    }

    static func mutate(_ data: Data, _ rng: inout SeededGenerator) -> Data {
        guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], !object.isEmpty else { return data }
        let key = object.keys.sorted().randomElement(using: &rng)!
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: object.removeValue(forKey: key)
        case 1: object[key] = randomJSON(&rng)
        case 2: object[key] = ValueFuzzTests.randomText(&rng)
        case 3: object[ValueFuzzTests.randomText(&rng)] = randomJSON(&rng)
        case 4:  // truncated bytes
            return data.prefix(Int.random(in: 0..<max(data.count, 1), using: &rng))
        case 5:  // one byte changed
            var bytes = [UInt8](data)
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            return Data(bytes)
        default: return (try? JSONSerialization.data(withJSONObject: randomJSON(&rng), options: [.fragmentsAllowed])) ?? data
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])) ?? data
    }

    @Test func eventDecodingOfMutatedPayloadsNeverCrashesAndNamesTheType() throws {
        var rng = SeededGenerator.announced("event decoding")
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 6, seated: 6, leader: true)
            let on = ["--community", "c-latinx", "--on", "2026-09-01"]
            try target.ok(["gathering", "record", "--kind", "social", "--hours", "2", "--facilitator", "f-okafor", "--attendee", "s-1"] + on)
            try target.ok(["meeting", "record", "--leader", "f-okafor", "--mode", "class", "--student", "s-1", "--hours", "1.5"] + on)
            try target.ok(["hours", "log", "f-okafor", "--hours", "1.25", "--activity", "advising"] + on)
            try target.ok(["stipend", "request", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500"] + on, actor: "requester")
            let stored = try target.withConnection { connection in
                try connection.execute("SELECT type, schema_version, data::text FROM mcledger.events ORDER BY position").map {
                    (type: $0.string(0)!, version: $0.int(1)!, data: Data($0.string(2)!.utf8))
                }
            }
            var problems: [String] = []
            for event in stored {
                do { _ = try Event.decode(type: event.type, schemaVersion: event.version, data: event.data) } catch {
                    problems.append("a stored \(event.type) does not decode: \(error)")
                }
            }
            var decoded = 0
            let cases = 6_000
            for _ in 0..<cases {
                let original = stored.randomElement(using: &rng)!
                var type = original.type
                var version = original.version
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: type = Bool.random(using: &rng) ? Event.allTypeNames.randomElement(using: &rng)! : ValueFuzzTests.randomText(&rng)
                case 1: version = [0, -1, 2, Int.max, Int.min].randomElement(using: &rng)!
                default: break
                }
                var data = original.data
                for _ in 0..<Int.random(in: 1...3, using: &rng) { data = Self.mutate(data, &rng) }
                do throws(EventDecodingError) {
                    let event = try Event.decode(type: type, schemaVersion: version, data: data)
                    decoded += 1
                    // What decodes re-encodes to a payload that decodes to the same bytes again.
                    let encoded = event.encode()
                    let again = try Event.decode(type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data)
                    if again.encode().data != encoded.data || encoded.type != type { problems.append("\(type) does not round-trip") }
                } catch {
                    if !error.description.contains("'\(error.type)'") || error.schemaVersion != version {
                        problems.append("\(type): \(error)")
                    }
                    if case .unknownType = error.problem, error.type != type { problems.append("unknown type reported as \(error.type), given \(type)") }
                }
            }
            #expect(problems.isEmpty, "\(problems.count): \(problems.prefix(10))")
            #expect(decoded > 0)
            Tally.report("event decoding, \(cases) mutated payloads (\(decoded) still valid)", events: stored.count, lost: 0)
        }
    }
}
