@testable import EventStore
import Foundation
import Testing
import TestSupport

/// `JSONText` builds the events document whose SHA-256 is a command's fingerprint, so its
/// bytes may never change: a command id replayed after an upgrade must still match. The
/// byte-wise quoting is checked against a plain scalar-by-scalar reference (the code it
/// replaced) on random strings of every troublesome character, and the result parses back
/// to the original string.
@Suite struct JSONTextTests {
    /// The quoting as it was first written: one Unicode scalar at a time.
    static func referenceQuote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func referenceObject(_ fields: [String: String]) -> String {
        "{" + fields.keys.sorted().map { referenceQuote($0) + ":" + fields[$0]! }.joined(separator: ",") + "}"
    }

    /// Every control character, quotes, backslashes, DEL, accents, CJK, a character
    /// outside the BMP, a combining mark and U+2028.
    static let alphabet: [Character] = Array("abz AZ09-_\"\\/é中ß🏅e\u{301}\u{7F}\u{2028}") + (0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }

    static func string(_ random: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    @Test func quotesEveryStringAsTheScalarReferenceDoes() throws {
        var random = SeededGenerator(seed: 16)
        for _ in 0..<20_000 {
            let value = Self.string(&random)
            let quoted = JSONText.quote(value)
            #expect(Array(quoted.utf8) == Array(Self.referenceQuote(value).utf8), "\(value.debugDescription)")
            let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
            #expect(decoded == value)
        }
    }

    @Test func quotesTheEdgesAsBefore() {
        for value in ["", "\"", "\\", "plain", "\u{0}", "\u{1F}x", "x\n", "🏅", "a\"b\\c\td\u{8}"] {
            #expect(JSONText.quote(value) == Self.referenceQuote(value))
        }
        #expect(JSONText.quote("a\u{1}b") == #""a\u0001b""#)
    }

    @Test func buildsObjectsAsTheReferenceDoes() {
        var random = SeededGenerator(seed: 1016)
        for _ in 0..<2_000 {
            var fields: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                fields[Self.string(&random)] = JSONText.quote(Self.string(&random))
            }
            #expect(JSONText.object(fields) == Self.referenceObject(fields))
        }
    }
}
