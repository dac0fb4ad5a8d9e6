extension Policy {
    /// The reasons this policy cannot be set; empty when it is sound.
    ///
    /// A policy whose minimum is above its maximum would make every community fail or
    /// every command refuse, so it is refused when set rather than discovered later.
    public var problems: [String] {
        var problems: [String] = []
        func check(_ range: CountRange, _ name: String) {
            if range.minimum < 0 { problems.append("\(name) minimum \(range.minimum) is negative") }
            if range.minimum > range.maximum { problems.append("\(name) minimum \(range.minimum) is above its maximum \(range.maximum)") }
        }
        check(communities, "communities")
        for focus in Focus.allCases { check(bounds(for: focus), "\(focus) communities") }
        check(leaders, "leaders")
        check(residents, "residents")
        check(students, "students")
        check(staffLiaisons, "staff liaisons")
        check(communityMembers, "community members")
        if yearsAfterResidency < 0 { problems.append("years after residency is negative") }
        if leaderHoursMinimum > leaderHoursMaximum { problems.append("leader hours minimum is above the maximum") }
        // A 0–0 band leaves OBL-01 and the report's hours chart nothing to measure against.
        if leaderHoursMaximum <= Hours(whole: 0) { problems.append("leader hours maximum must be more than 0") }
        // Rules that cannot all hold at once: every gathering and meeting needs a leader,
        // and the communities per focus must fit within the program's count.
        if leaders.maximum < 1 && (gatheringsPerYear > 0 || meetingsPerYear > 0) {
            problems.append("leaders maximum is 0, but gatherings and meetings need a leader")
        }
        // Clamped, so a huge typed number cannot overflow the sum.
        func clamped(_ count: Int) -> Int { min(max(count, 0), 1_000_000) }
        let focusMinimum = Focus.allCases.reduce(0) { $0 + clamped(bounds(for: $1).minimum) }
        let focusMaximum = Focus.allCases.reduce(0) { $0 + clamped(bounds(for: $1).maximum) }
        if focusMinimum > communities.maximum {
            problems.append("the focus minimums add up to \(focusMinimum), above the communities maximum \(communities.maximum)")
        }
        if focusMaximum < communities.minimum {
            problems.append("the focus maximums add up to \(focusMaximum), below the communities minimum \(communities.minimum)")
        }
        if meetingsPerYear < 0 { problems.append("meetings per year is negative") }
        if gatheringsPerYear < 0 { problems.append("gatherings per year is negative") }
        if stipendAmount.value <= 0 { problems.append("stipend amount must be more than 0") }
        if stipendsPerCommunityYear < 0 { problems.append("stipends per community-year is negative") }
        if !(2...1000).contains(smallCell) { problems.append("the small-cell threshold must be from 2 to 1000") }
        let blank = disclosureBasis.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        if blank || disclosureBasis.count > 2000 || disclosureBasis.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append("the disclosure basis must be 1 to 2000 characters without control characters")
        }
        return problems
    }
}
