/// Days on which a count is above its maximum, as ranges `[from, until)` of one count.
///
/// Counts are judged over intervals, not day by day: the count of periods only changes on
/// the days a period starts or ends, and the maximum only on July 1 (a policy is set per
/// academic year), so a sweep over those days sees every day.
public struct Excess: Hashable, Sendable {
    public var from: Day
    /// The first day it no longer holds; nil when it lasts.
    public var until: Day?
    public var count: Int
    public var maximum: Int

    public var amount: Int { count - maximum }

    /// The ranges on which more of `periods` hold than `maximum` allows that day.
    ///
    /// - Parameters:
    ///   - periods: half-open `[since, until)` periods; nil `until` lasts for ever.
    ///   - maximum: the maximum in force in an academic year.
    ///   - policyYears: years in which the maximum may change (policies set); July 1 of
    ///     each is a day to look at.
    public static func ranges(
        of periods: [(since: Day, until: Day?)], maximum: (AcademicYear) -> Int, policyYears: [AcademicYear]
    ) -> [Excess] {
        guard !periods.isEmpty else { return [] }
        var deltas: [Day: Int] = [:]
        for period in periods {
            if let until = period.until, until <= period.since { continue }
            deltas[period.since, default: 0] += 1
            if let until = period.until { deltas[until, default: 0] -= 1 }
        }
        guard let first = deltas.keys.min() else { return [] }
        var days = Set(deltas.keys)
        let lastYear = max(deltas.keys.max()!.academicYear, policyYears.max() ?? first.academicYear)
        if first.academicYear < lastYear {
            for start in (first.academicYear.startYear + 1)...lastYear.startYear {
                days.insert(AcademicYear(startYear: start).firstDay)
            }
        }
        var ranges: [Excess] = []
        var count = 0
        let sorted = days.sorted()
        for (index, day) in sorted.enumerated() {
            count += deltas[day] ?? 0
            let limit = maximum(day.academicYear)
            let until = index + 1 < sorted.count ? sorted[index + 1] : nil
            guard count > limit else { continue }
            if var last = ranges.last, last.until == day, last.count == count, last.maximum == limit {
                last.until = until
                ranges[ranges.count - 1] = last
            } else {
                ranges.append(Excess(from: day, until: until, count: count, maximum: limit))
            }
        }
        return ranges
    }

    /// How many of `periods` hold from each day on: the days a count changes, ascending.
    public static func steps(of periods: [(since: Day, until: Day?)]) -> [(day: Day, count: Int)] {
        var deltas: [Day: Int] = [:]
        for period in periods {
            if let until = period.until, until <= period.since { continue }
            deltas[period.since, default: 0] += 1
            if let until = period.until { deltas[until, default: 0] -= 1 }
        }
        var count = 0
        return deltas.keys.sorted().map { day in
            count += deltas[day]!
            return (day, count)
        }
    }

    /// The first day of `after`'s ranges on which the count is above the maximum *and*
    /// higher than `before` counted then, from that day: what a write adds above a
    /// maximum. A count that was already there (a policy lowered below it) is not the
    /// write's doing, and a policy lowered is no count raised.
    public static func worsened(_ before: [(since: Day, until: Day?)], _ after: [Excess]) -> Excess? {
        let steps = steps(of: before)
        func count(on day: Day) -> Int { steps.last { $0.day <= day }?.count ?? 0 }
        for range in after {
            let inside = steps.map(\.day).filter { day in day > range.from && (range.until.map { day < $0 } ?? true) }
            for day in [range.from] + inside where count(on: day) < range.count {
                var worse = range
                worse.from = day
                return worse
            }
        }
        return nil
    }

    /// `[from, until)` as text: "on 2026-12-01", "from 2026-12-01", "from … to …".
    public var dates: String {
        guard let until else { return "from \(from)" }
        let last = until.previous
        return last == from ? "on \(from)" : "from \(from) to \(last)"
    }
}
