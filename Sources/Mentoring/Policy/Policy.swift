/// Every number of the program's rules, for one academic year.
///
/// The defaults are the program description's (`program/mentoring-communities.txt`). A
/// program may set its own for a year with a `PolicySet` event; the domain then reads the
/// policy in force for the date of each decision (``ProgramState/policy(for:)``).
///
/// Where the description is silent, the default assumes:
/// - "There is a staff member assigned to each group": exactly one liaison (1–1).
/// - "Each group *may* have a member of the greater Roanoke community": 0–1, so none is
///   no finding.
/// - "Meet with students ... at least once": binds **each leader** (`meetingDuty`), and
///   every student in the community at the end of the year must have been met by some
///   leader (`everyStudentMet`).
/// - "Facilitate at least two gatherings of the entire community": binds the
///   **community** (`gatheringDuty`): two gatherings, each facilitated by one of its
///   leaders, satisfy it even with three leaders; a community that wants each leader to
///   facilitate two sets `eachLeader`.
/// - "15–20 hours a year" is an estimate: fewer than the minimum is a finding (OBL-01),
///   more than the maximum is not.
/// - "At least 5 years of clinical experience beyond their residency": measured from the
///   end of residency to the appointment date. Only the year of completion is recorded,
///   so residency is assumed to end on June 30 of that year (residencies end with the
///   academic year): completed in 2021, a leader may be appointed without an exception
///   from 2026-07-01.
/// - A student is a member until graduation (`graduation`, June 30 of the class-of year
///   by default): their memberships end then, and they join nothing after it.
public struct Policy: Hashable, Sendable, Codable {
    /// PRG-01: active communities in the year.
    public var communities = CountRange(14, 20)
    /// PRG-02: communities per focus.
    public var perFocus: [Focus: CountRange] = [
        .latinx: CountRange(1, 1),
        .africanAmerican: CountRange(1, 1),
        .asian: CountRange(1, 2),
        .firstGeneration: CountRange(1, 1),
        .lgbtq: CountRange(1, 1),
        .longDistance: CountRange(1, 2),
        .general: CountRange(6, 15),
    ]
    /// COM-01: faculty leaders per community.
    public var leaders = CountRange(1, 3)
    /// COM-02: residents per community.
    public var residents = CountRange(1, 4)
    /// COM-03: medical students per community.
    public var students = CountRange(6, 18)
    /// COM-04: staff liaisons per community.
    public var staffLiaisons = CountRange(1, 1)
    /// COM-05: members of the local community per community.
    public var communityMembers = CountRange(0, 1)
    /// LDR-03: whole years of clinical experience after residency.
    public var yearsAfterResidency = 5
    /// OBL-01: a leader's yearly hours (the minimum binds; the maximum is an estimate).
    public var leaderHoursMinimum = Hours(whole: 15)
    public var leaderHoursMaximum = Hours(whole: 20)
    /// OBL-02: meetings with students per leader per year.
    public var meetingsPerYear = 1
    public var meetingDuty = DutyScope.eachLeader
    public var everyStudentMet = true
    /// OBL-03: whole-community gatherings per year, facilitated by a leader.
    public var gatheringsPerYear = 2
    public var gatheringDuty = DutyScope.community
    /// STP-02: the stipend amount.
    public var stipendAmount = Cents(250_000)
    /// STP-01: stipends per community per academic year.
    public var stipendsPerCommunityYear = 1
    /// The day of the class-of year on which a student graduates (their last day as a member).
    public var graduation = MonthDay(unchecked: 6, 30)
    /// Retention: whole years a graduate's directory details are kept after their class
    /// year; `person purge` erases them after that (FERPA sets no period; the school does).
    public var retentionYears = 5
    /// Small cells: an aggregate report meant to leave the program office shows counts
    /// of students from 1 to this minus one as "<N", and hides others so that totals
    /// cannot reveal them (docs/PRIVACY.md).
    public var smallCell = 5
    /// The basis recorded with a disclosure of student records when `--purpose` is not
    /// given (FERPA 99.32(a)(3)(ii)): school officials with a legitimate educational interest.
    public var disclosureBasis = DisclosureBasis.schoolOfficials

    /// The program description's policy.
    public init() {}

    /// Decodes a `PolicySet` payload; a field missing from an older payload keeps the
    /// program description's value (policies recorded before `graduation`, `smallCell` or `disclosureBasis` existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Policy()
        communities = try container.decodeIfPresent(CountRange.self, forKey: .communities) ?? defaults.communities
        perFocus = try container.decodeIfPresent([Focus: CountRange].self, forKey: .perFocus) ?? defaults.perFocus
        leaders = try container.decodeIfPresent(CountRange.self, forKey: .leaders) ?? defaults.leaders
        residents = try container.decodeIfPresent(CountRange.self, forKey: .residents) ?? defaults.residents
        students = try container.decodeIfPresent(CountRange.self, forKey: .students) ?? defaults.students
        staffLiaisons = try container.decodeIfPresent(CountRange.self, forKey: .staffLiaisons) ?? defaults.staffLiaisons
        communityMembers = try container.decodeIfPresent(CountRange.self, forKey: .communityMembers) ?? defaults.communityMembers
        yearsAfterResidency = try container.decodeIfPresent(Int.self, forKey: .yearsAfterResidency) ?? defaults.yearsAfterResidency
        leaderHoursMinimum = try container.decodeIfPresent(Hours.self, forKey: .leaderHoursMinimum) ?? defaults.leaderHoursMinimum
        leaderHoursMaximum = try container.decodeIfPresent(Hours.self, forKey: .leaderHoursMaximum) ?? defaults.leaderHoursMaximum
        meetingsPerYear = try container.decodeIfPresent(Int.self, forKey: .meetingsPerYear) ?? defaults.meetingsPerYear
        meetingDuty = try container.decodeIfPresent(DutyScope.self, forKey: .meetingDuty) ?? defaults.meetingDuty
        everyStudentMet = try container.decodeIfPresent(Bool.self, forKey: .everyStudentMet) ?? defaults.everyStudentMet
        gatheringsPerYear = try container.decodeIfPresent(Int.self, forKey: .gatheringsPerYear) ?? defaults.gatheringsPerYear
        gatheringDuty = try container.decodeIfPresent(DutyScope.self, forKey: .gatheringDuty) ?? defaults.gatheringDuty
        stipendAmount = try container.decodeIfPresent(Cents.self, forKey: .stipendAmount) ?? defaults.stipendAmount
        stipendsPerCommunityYear = try container.decodeIfPresent(Int.self, forKey: .stipendsPerCommunityYear) ?? defaults.stipendsPerCommunityYear
        graduation = try container.decodeIfPresent(MonthDay.self, forKey: .graduation) ?? defaults.graduation
        retentionYears = try container.decodeIfPresent(Int.self, forKey: .retentionYears) ?? defaults.retentionYears
        smallCell = try container.decodeIfPresent(Int.self, forKey: .smallCell) ?? defaults.smallCell
        disclosureBasis = try container.decodeIfPresent(String.self, forKey: .disclosureBasis) ?? defaults.disclosureBasis
    }

    /// The bounds for `focus` (0–0 when a policy leaves a focus out: none allowed).
    public func bounds(for focus: Focus) -> CountRange {
        perFocus[focus] ?? CountRange(0, 0)
    }
}
