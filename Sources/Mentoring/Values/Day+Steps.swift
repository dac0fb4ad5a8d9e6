extension Day {
    /// The day after this one.
    ///
    /// Intervals of business dates are half-open, `[from, until)`: the day after a
    /// student's graduation is the first day they are no longer a member.
    public var next: Day {
        if day < Self.daysIn(month: month, year: year) { return Day(unchecked: year, month, day + 1) }
        if month < 12 { return Day(unchecked: year, month + 1, 1) }
        return Day(unchecked: min(year + 1, 9999), year < 9999 ? 1 : 12, year < 9999 ? 1 : 31)
    }

    /// The day before this one (0001-01-01 stays itself).
    public var previous: Day {
        if day > 1 { return Day(unchecked: year, month, day - 1) }
        if month > 1 { return Day(unchecked: year, month - 1, Self.daysIn(month: month - 1, year: year)) }
        if year > 1 { return Day(unchecked: year - 1, 12, 31) }
        return self
    }
}

extension Day {
    /// A day after every business date, for open-ended periods.
    public static let distantFuture = Day(unchecked: 9999, 12, 31)
}
