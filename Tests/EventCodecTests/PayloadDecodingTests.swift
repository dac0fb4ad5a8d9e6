import Foundation
import EventCodec
import Mentoring
import Testing

/// The payload decoder (`Event.decode(…json:)`) against Foundation's `JSONDecoder`: same
/// values for every payload the store can hold, errors (never crashes) for the rest.
@Suite struct PayloadDecodingTests {
    /// What `Event.decode` gives, or nil when it refuses.
    static func ours(_ type: String, _ json: String) -> Event? {
        try? Event.decode(type: type, schemaVersion: 1, json: json)
    }

    /// What Foundation gives for the same text, through the same `Decodable` conformances.
    static func foundation(_ type: String, _ json: String) -> Event? {
        let data = Data(json.utf8)
        let decoder = JSONDecoder()
        return switch type {
        case "CommunityEstablished": (try? decoder.decode(CommunityEstablished.self, from: data)).map(Event.communityEstablished)
        case "GatheringHeld": (try? decoder.decode(GatheringHeld.self, from: data)).map(Event.gatheringHeld)
        case "PolicySet": (try? decoder.decode(PolicySet.self, from: data)).map(Event.policySet)
        case "PersonRegistered": (try? decoder.decode(PersonRegistered.self, from: data)).map(Event.personRegistered)
        case "StipendPaid": (try? decoder.decode(StipendPaid.self, from: data)).map(Event.stipendPaid)
        default: nil
        }
    }

    @Test(arguments: EventCodingTests.samples)
    func readsThePayloadAsPostgreSQLPrintsIt(_ event: Event) throws {
        let row = event.encode()
        // jsonb::text puts a space after ':' and ','; the samples hold neither in their text.
        let printed = String(decoding: row.data, as: UTF8.self)
            .replacingOccurrences(of: "\":", with: "\": ").replacingOccurrences(of: ",\"", with: ", \"")
        #expect(try Event.decode(type: row.type, schemaVersion: 1, json: printed) == event)
        #expect(try Event.decode(type: row.type, schemaVersion: 1, json: " \n\t" + printed + "\r\n ") == event)
    }

    @Test func stringsUnescapeAsFoundationDoes() throws {
        let names = [
            #"Quote \" backslash \\ slash \/ done"#, #"Tab\tnew\nline\rfeed\fback\b"#, #"\u00e9t\u00E9 caf\u00e9"#,
            #"smile \ud83d\ude00 twice \uD83D\uDE00"#, "straight UTF-8: été 😀 中文", #"nul \u0000 end"#,
        ]
        for name in names {
            let json = #"{"community": "c-1", "focus": "general", "name": "\#(name)"}"#
            let expected = try #require(Self.foundation("CommunityEstablished", json), "Foundation reads \(json)")
            #expect(Self.ours("CommunityEstablished", json) == expected, "\(json)")
        }
    }

    @Test func refusesWhatIsNotJSON() {
        let valid = #"{"community": "c-1", "focus": "general", "name": "Latinx"}"#
        let broken = [
            "", " ", "{", "}", "[]", "null", "\"text\"", valid + "x", valid + " {}", "{\"community\" \"c-1\"}",
            #"{"community": "c-1", "focus": "general", "name": "a\qb"}"#,
            #"{"community": "c-1", "focus": "general", "name": "\ud83d"}"#,
            #"{"community": "c-1", "focus": "general", "name": "\ude00"}"#,
            #"{"community": "c-1", "focus": "general", "name": "\u12"}"#,
            "{\"community\": \"c-1\", \"focus\": \"general\", \"name\": \"a\u{01}b\"}",
            #"{"community": "c-1", "focus": "general", "name": "Latinx",}"#,
            #"{"community": "c-1", "focus": "general"}"#,
            #"{"community": 7, "focus": "general", "name": "Latinx"}"#,
            #"{"community": "C 1", "focus": "general", "name": "Latinx"}"#,
            #"{'community': 'c-1'}"#,
            String(repeating: "[", count: 100_000),
            String(repeating: "{\"a\":", count: 10_000),
        ]
        for text in broken {
            #expect(Self.ours("CommunityEstablished", text) == nil, "\(text.prefix(80))")
        }
    }

    @Test func numbersFollowJSONGrammar() throws {
        func person(_ year: String) -> String {
            #"{"classOf": \#(year), "person": "s-1", "role": "student"}"#
        }
        let expected = try #require(Self.foundation("PersonRegistered", person("2029")))
        #expect(Self.ours("PersonRegistered", person("2029")) == expected)
        #expect(Self.ours("PersonRegistered", person("2.029e3")) == expected)
        for bad in ["02029", "+2029", "2029.", ".5", "1e", "--1", "0x10", "1_000", "NaN", "99999999999999999999", "2029.5", "1e400"] {
            #expect(Self.ours("PersonRegistered", person(bad)) == nil, "\(bad)")
        }
    }

    /// Every truncation and a sample of single-byte edits of real payloads: both decoders
    /// agree on whether the text is a payload and, when it is, on its value.
    @Test func agreesWithFoundationOnEditedPayloads() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,\ "0123456789-.eEtrufalsn"#.utf8) + [0x09, 0x0A, 0xC3, 0xA9]
        var compared = 0
        let comparable = ["CommunityEstablished", "GatheringHeld", "PolicySet", "PersonRegistered", "StipendPaid"]
        for event in EventCodingTests.samples where comparable.contains(event.typeName) {
            let bytes = Array(event.encode().data)
            var texts: [[UInt8]] = (0..<bytes.count).map { Array(bytes[..<$0]) }
            for _ in 0..<2_000 {
                var edited = bytes
                let at = Int.random(in: 0..<edited.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: edited.remove(at: at)
                case 1: edited.insert(alphabet.randomElement(using: &generator)!, at: at)
                default: edited[at] = alphabet.randomElement(using: &generator)!
                }
                texts.append(edited)
            }
            for text in texts {
                guard let json = String(validating: text, as: UTF8.self) else { continue }
                let (mine, theirs) = (Self.ours(event.typeName, json), Self.foundation(event.typeName, json))
                if json.contains(/,\s*[}\]]/) {
                    // Foundation forgives a trailing comma; JSON and jsonb do not, nor do we.
                    #expect(mine == nil, "\(event.typeName): \(json)")
                } else {
                    #expect(mine == theirs, "\(event.typeName): \(json)")
                }
                compared += 1
            }
        }
        #expect(compared > 10_000)
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(throws: EventDecodingError.self) {
            try Event.decode(type: "YearClosed", schemaVersion: 1, data: Data([0x7B, 0xFF, 0x7D]))
        }
    }
}
