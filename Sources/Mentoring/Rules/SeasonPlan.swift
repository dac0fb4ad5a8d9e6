/// The program's "typical academic year" (OBL-04), as date ranges within a year.
///
/// The description names seasons, not dates; these are the assumed bounds:
/// summer July–August (leaders' training), fall September–November (a first gathering),
/// winter–spring December–May (meetings with all students), spring March–May (a second
/// gathering). June is left free for the year's end.
public struct SeasonPlan: Hashable, Sendable {
    public struct Season: Hashable, Sendable {
        public var name: String
        public var first: Day
        public var last: Day

        public func contains(_ day: Day) -> Bool { first <= day && day <= last }
    }

    public let summer: Season
    public let fall: Season
    public let winterSpring: Season
    public let spring: Season

    public init(_ year: AcademicYear) {
        let start = year.startYear
        summer = Season(name: "summer", first: Day(unchecked: start, 7, 1), last: Day(unchecked: start, 8, 31))
        fall = Season(name: "fall", first: Day(unchecked: start, 9, 1), last: Day(unchecked: start, 11, 30))
        winterSpring = Season(name: "winter–spring", first: Day(unchecked: start, 12, 1), last: Day(unchecked: start + 1, 5, 31))
        spring = Season(name: "spring", first: Day(unchecked: start + 1, 3, 1), last: Day(unchecked: start + 1, 5, 31))
    }
}
