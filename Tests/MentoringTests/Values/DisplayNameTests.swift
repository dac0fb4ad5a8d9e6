import Mentoring
import Testing

@Suite struct DisplayNameTests {
    @Test func acceptsNamesUpToTwoHundredCharacters() throws {
        #expect(try DisplayName.validate("Dr. Ada O'Okafor-Núñez 🧑‍⚕️", field: "--name") == "Dr. Ada O'Okafor-Núñez 🧑‍⚕️")
        let longest = String(repeating: "é", count: 200)
        #expect(try DisplayName.validate(longest, field: "--name") == longest)
    }

    @Test(arguments: [
        (String(repeating: "N", count: 201), "--name: the name is 201 characters long; at most 200 are kept"),
        ("   ", "--name: the name is empty; give it as people know it"),
        ("Ana\nRuiz", "--name: the name contains a control character (a tab, line break or similar); write it on one line"),
    ])
    func refusesNamingTheField(text: String, message: String) {
        #expect(throws: InvalidValue.self) { try DisplayName.validate(text, field: "--name") }
        do {
            _ = try DisplayName.validate(text, field: "--name")
        } catch {
            #expect(error.description == message)
        }
    }
}
