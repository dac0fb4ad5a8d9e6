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

    /// The first range of `after` on a day of which the excess is larger than in `before`,
    /// starting from that day: what a write would add above a maximum.
    public static func worsened(_ before: [Excess], _ after: [Excess]) -> Excess? {
        func amount(_ ranges: [Excess], on day: Day) -> Int {
            ranges.first { $0.from <= day && ($0.until.map { day < $0 } ?? true) }?.amount ?? 0
        }
        let days = Set(after.map(\.from) + before.compactMap(\.until) + before.map(\.from)).sorted()
        for day in days {
            guard let range = after.first(where: { $0.from <= day && ($0.until.map { day < $0 } ?? true) }) else { continue }
            if range.amount > amount(before, on: day) {
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
