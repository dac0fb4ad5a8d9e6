internal import Mentoring
internal import Projections

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

    /// A cell of the students table, as HTML: column 0 met, 1 not met, 2 the total.
    func studentCell(_ community: CommunityID, _ column: Int) -> String {
        guard let row = studentRow[community] else { return "" }
        return Self.escape(studentTable.text(row, column))
    }

    /// A community's roster count of students, as HTML: the students table's total when
    /// it is the same number (so a count hidden there is hidden here too), else ``students(_:)``.
    func studentCount(_ roster: CommunityRoster) -> String {
        let id = roster.community.community
        let count = self.count(roster, .student)
        if let row = studentRow[id], studentTable.grid[row][2] == count { return studentCell(id, 2) }
        return students(count)
    }

    /// The counts of students a finding's message must not show: those the students
    /// table hides for its community (or the program's totals).
    func hiddenCounts(_ finding: Finding) -> Set<Int> {
        let row = finding.community.flatMap { studentRow[$0] } ?? studentTable.grid.count - 1
        guard row < studentTable.cells.count else { return [] }
        var hidden: Set<Int> = []
        for (column, cell) in studentTable.cells[row].enumerated() where cell != .shown {
            hidden.insert(studentTable.grid[row][column])
        }
        return hidden
    }

    /// The students table: per community, met by a leader and not, with totals.
    func studentsSection() -> String {
        let program = studentTable.grid.count - 1
        var rows = input.rosters.map { roster -> String in
            let id = roster.community.community
            return "<tr><th>\(id)</th><td class=\"num\">\(studentCell(id, 0))</td><td class=\"num\">\(studentCell(id, 1))</td><td class=\"num\">\(studentCell(id, 2))</td></tr>"
        }
        if program >= 0, !input.rosters.isEmpty {
            let cell = { (column: Int) in Self.escape(studentTable.text(program, column)) }
            rows.append("<tr class=\"total\"><th>Program</th><td class=\"num\">\(cell(0))</td><td class=\"num\">\(cell(1))</td><td class=\"num\">\(cell(2))</td></tr>")
        }
        let note = studentTable.suppressesAny
            ? "<p class=\"suppressed\">Counts below \(studentTable.threshold) are shown as &lt;\(studentTable.threshold); some other counts are hidden (—) so totals cannot reveal them.</p>\n"
            : ""
        return """
            <section id="students">
            <h2>Students met by a leader</h2>
            <table class="students"><thead><tr><th>Community</th><th>Met</th><th>Not yet met</th><th>Students</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            \(note)</section>

            """
    }

    /// A finding's message for the committee: student ids replaced by "[student]", and,
    /// with suppression on, small numbers in a finding about students shown as "<N".
    func message(_ finding: Finding) -> String {
        let aboutStudents = finding.rule == .com03 || (finding.rule == .obl02 && finding.person == nil)
        let hidden = aboutStudents ? hiddenCounts(finding) : []
        var out = ""
        var token = ""
        func flush() {
            guard !token.isEmpty else { return }
            if studentIDs.contains(token) {
                out += "[student]"
            } else if aboutStudents, let threshold = input.suppressBelow, token.allSatisfy(\.isNumber), let value = Int(token), value > 0, value < threshold {
                out += "<\(threshold)"
            } else if token.allSatisfy(\.isNumber), let value = Int(token), hidden.contains(value) {
                out += "—"
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
