import Foundation
import Mentoring
import Testing

/// The domain speaks of fields; a front end spells them (the CLI as flags).
@Suite struct FieldMessageTests {
    @Test func aMessageReadsInWordsAndRendersAsTheFrontEndSpellsIt() {
        let error = DomainError(.rec01, "2026-27 is closed; a write needs \(Field.reason); check \(Field.date) or \(eventListOf: "program")")
        #expect(error.description == "REC-01: 2026-27 is closed; a write needs a reason; check the date or the events of program")
        #expect(error.text.fields == [.reason, .date])
        let rendered = error.text.rendered(field: { "<\($0.rawValue)>" }, eventList: { "[\($0 ?? "all")]" })
        #expect(rendered == "2026-27 is closed; a write needs <reason>; check <date> or [program]")
    }

    /// No message the libraries produce names a command-line flag: the CLI maps fields to
    /// flags (Sources/mcledger/Support/Field+Flag.swift). Doc comments may name the
    /// command a type serves; string literals may not.
    @Test func noLibraryMessageNamesAFlag() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let flag = try Regex(#""[^"]*--[a-z]"#)
        var found: [String] = []
        for module in ["Mentoring", "EventStore", "Ledger", "Projections", "Reports"] {
            let directory = root.appendingPathComponent("Sources/\(module)")
            let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
            // The embedded schema is SQL (its comments mention the CLI), not messages.
            for file in files where file.hasSuffix(".swift") && file != "Schema+Embedded.swift" {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && line.contains(flag) {
                    found.append("\(module)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
