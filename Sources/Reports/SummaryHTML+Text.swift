internal import Mentoring

extension SummaryHTML {
    /// Text made safe for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A count of students as it may leave the office, as HTML: "&lt;N" for 1…N-1 when
    /// suppression is on.
    func students(_ count: Int) -> String {
        guard let threshold = input.suppressBelow, count > 0, count < threshold else { return String(count) }
        return "&lt;\(threshold)"
    }

    /// A finding's message for the committee: student ids replaced by "[student]", and,
    /// with suppression on, small numbers in a finding about students shown as "<N".
    func message(_ finding: Finding) -> String {
        let aboutStudents = finding.rule == .com03 || (finding.rule == .obl02 && finding.person == nil)
        var out = ""
        var token = ""
        func flush() {
            guard !token.isEmpty else { return }
            if studentIDs.contains(token) {
                out += "[student]"
            } else if aboutStudents, let threshold = input.suppressBelow, token.allSatisfy(\.isNumber), let value = Int(token), value > 0, value < threshold {
                out += "<\(threshold)"
            } else {
                out += token
            }
            token = ""
        }
        for character in finding.message {
            if character.isASCII && (character.isLetter || character.isNumber || character == "-") {
                token.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }

    /// Every student id the report could name: registered students and roster students.
    static func studentIDs(_ input: NightlyInput) -> Set<String> {
        var ids = Set(input.states.people.compactMap { $0.value.role == .student ? $0.key.rawValue : nil })
        for roster in input.rosters {
            for member in roster.members where member.role == .student { ids.insert(member.person.rawValue) }
        }
        return ids
    }
}
