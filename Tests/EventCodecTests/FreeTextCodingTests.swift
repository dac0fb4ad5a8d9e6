import Foundation
import EventCodec
import Mentoring
import Testing

/// Issue 15: free text moves out of the payload into a commitment, and readers put it back.
@Suite struct FreeTextCodingTests {
    static func commitment(_ field: String, _ text: String) -> String { "c-\(field)-\(text.unicodeScalars.count)" }

    @Test(arguments: EventCodingTests.samples)
    func everyFreeTextMovesOutAndComesBack(_ event: Event) throws {
        let row = event.encodeBesideTheLog(commit: Self.commitment)
        let object = try #require(JSONSerialization.jsonObject(with: Data(row.data.utf8)) as? [String: Any])
        let fields = FreeText.payloadFields[row.type] ?? []
        for field in fields { #expect(object[field] == nil, "\(row.type).\(field) stayed inline") }
        let commitments = object[FreeText.textsKey] as? [String: String] ?? [:]
        #expect(Set(commitments.keys) == Set(row.texts.map(\.field)))
        var texts: [String: String] = [:]
        for text in row.texts {
            #expect(commitments[text.field] == Self.commitment(text.field, text.text))
            texts[text.field] = text.text
        }
        #expect(fields.isEmpty == row.texts.isEmpty)
        #expect(try Event.decode(type: row.type, schemaVersion: row.schemaVersion, json: row.data, texts: texts) == event)
    }

    @Test func anAbsentOptionalTextLeavesNoCommitment() throws {
        let event = Event.leaderAppointed(LeaderAppointed(community: cid("c-latinx"), leader: pid("f-1")))
        let row = event.encodeBesideTheLog(commit: Self.commitment)
        #expect(row.data == #"{"community":"c-latinx","leader":"f-1"}"#)
        #expect(row.texts.isEmpty)
    }

    @Test func versionOneKeepsItsInlineText() throws {
        let old = #"{"activity":"advising Ana","community":"c-latinx","hours":"1.00","leader":"f-1"}"#
        let event = try Event.decode(type: "HoursLogged", schemaVersion: 1, json: old)
        guard case .hoursLogged(let hours) = event else { Issue.record("not HoursLogged"); return }
        #expect(hours.activity == "advising Ana")
        #expect(FreeText.isInline(type: "HoursLogged", schemaVersion: 1))
        #expect(!FreeText.isInline(type: "HoursLogged", schemaVersion: 2))
    }

    @Test func aRedactionNoticeOrAMissingTextReadsInPlaceOfTheText() throws {
        let stored = #"{"community":"c-latinx","hours":"1.00","leader":"f-1","texts":{"activity":"ab12"}}"#
        let notice = FreeText.redactionNotice(on: "2027-01-04", by: "registrar", reason: "named a student")
        #expect(notice == "[redacted 2027-01-04 by registrar: named a student]")
        let redacted = try Event.decode(type: "HoursLogged", schemaVersion: 2, json: stored, texts: ["activity": notice])
        guard case .hoursLogged(let hours) = redacted else { Issue.record("not HoursLogged"); return }
        #expect(hours.activity == notice)
        let missing = try Event.decode(type: "HoursLogged", schemaVersion: 2, json: stored)
        guard case .hoursLogged(let lacking) = missing else { Issue.record("not HoursLogged"); return }
        #expect(lacking.activity == FreeText.missing)
    }

    /// Any text, however odd, survives the move and the reader's overlay unchanged.
    @Test func anyTextSurvivesTheRoundTrip() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{2028}", "€", "😀", "{", "}", ":", ","]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<(next() % 24) { text.unicodeScalars.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
            let event = Event.stipendPaid(StipendPaid(
                community: cid("c-latinx"), year: year("2026-27"), payee: pid("f-1"), amount: Cents(250_000), reference: text
            ))
            let row = event.encodeBesideTheLog(commit: Self.commitment)
            #expect((try? JSONSerialization.jsonObject(with: Data(row.data.utf8))) != nil, "not JSON: \(row.data)")
            #expect(row.texts.map(\.text) == [text])
            #expect(try Event.decode(type: row.type, schemaVersion: row.schemaVersion, json: row.data, texts: ["reference": text]) == event)
        }
    }
}
