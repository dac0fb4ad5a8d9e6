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
        if meetingsPerYear < 0 { problems.append("meetings per year is negative") }
        if gatheringsPerYear < 0 { problems.append("gatherings per year is negative") }
        if stipendAmount.value <= 0 { problems.append("stipend amount must be more than 0") }
        if stipendsPerCommunityYear < 0 { problems.append("stipends per community-year is negative") }
        return problems
    }
}
