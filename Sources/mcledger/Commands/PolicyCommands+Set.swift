import ArgumentParser
import Ledger
import Mentoring

extension PolicyCommands {
    struct SetNumbers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set rule numbers from an academic year on.",
            discussion: """
                Appends PolicySet to the program stream: the policy in force for the year \
                (the last one set for it or an earlier year, else the program description's) \
                with the numbers given here changed. It applies to that year and later ones \
                until set again. The rules' numbers are a policy a program may change, and \
                that change is an event too. Ranges are MIN-MAX or \
                one number.

                Defaults: communities 14-20; focus latinx=1, african-american=1, asian=1-2, \
                first-generation=1, lgbtq=1, long-distance=1-2, general=6-15; leaders 1-3; \
                residents 1-4; students 6-18; staff liaisons 1; community members 0-1; 5 years \
                after residency; leader hours 15-20; 1 meeting per leader (meeting duty \
                each-leader, every student met); 2 gatherings per community (gathering duty \
                community); graduation 06-30 of the class-of year; stipend 2500.00, 1 per \
                community and year; small cell 5; disclosure basis "99.31(a)(1) school officials \
                with a legitimate educational interest". `mcledger policy show YEAR` prints \
                the policy in force.

                A policy set below the counts already recorded is allowed: compliance then \
                reports the dates on which a count is above the maximum.

                Example:
                  mcledger policy set 2027-28 --students 6-20 --focus general=6-16 --reason "board decision 2027-04"
                """
        )

        @Argument(help: ArgumentHelp("The first academic year it applies to, e.g. 2027-28.", valueName: "yyyy-yy")) var year: String
        @Option(help: ArgumentHelp("PRG-01: active communities.", valueName: "range")) var communities: String?
        @Option(help: ArgumentHelp("PRG-02: communities of one focus, e.g. asian=1-2; repeat for each.", valueName: "focus=range"))
        var focus: [String] = []
        @Option(help: ArgumentHelp("COM-01: faculty leaders per community.", valueName: "range")) var leaders: String?
        @Option(help: ArgumentHelp("COM-02: residents per community.", valueName: "range")) var residents: String?
        @Option(help: ArgumentHelp("COM-03: medical students per community.", valueName: "range")) var students: String?
        @Option(name: .customLong("staff-liaisons"), help: ArgumentHelp("COM-04: staff liaisons per community.", valueName: "range"))
        var staffLiaisons: String?
        @Option(name: .customLong("community-members"), help: ArgumentHelp("COM-05: local community members per community.", valueName: "range"))
        var communityMembers: String?
        @Option(name: .customLong("years-after-residency"), help: ArgumentHelp("LDR-03: years of clinical experience after residency.", valueName: "n"))
        var yearsAfterResidency: String?
        @Option(name: .customLong("leader-hours"), help: ArgumentHelp("OBL-01: a leader's hours a year, MIN-MAX.", valueName: "range"))
        var leaderHours: String?
        @Option(name: .customLong("meetings-per-year"), help: ArgumentHelp("OBL-02: meetings with students per year.", valueName: "n"))
        var meetingsPerYear: String?
        @Option(name: .customLong("gatherings-per-year"), help: ArgumentHelp("OBL-03: whole-community gatherings per year.", valueName: "n"))
        var gatheringsPerYear: String?
        @Option(name: .customLong("meeting-duty"), help: ArgumentHelp("OBL-02: whom the meeting duty binds: each-leader or community.", valueName: "scope"))
        var meetingDuty: String?
        @Option(name: .customLong("every-student-met"), help: ArgumentHelp("OBL-02: whether every student must be met by a leader: yes or no.", valueName: "yes|no"))
        var everyStudentMet: String?
        @Option(name: .customLong("gathering-duty"), help: ArgumentHelp("OBL-03: whom the gathering duty binds: community or each-leader.", valueName: "scope"))
        var gatheringDuty: String?
        @Option(help: ArgumentHelp("COM-03: the day of the class-of year students graduate, MM-DD.", valueName: "mm-dd"))
        var graduation: String?
        @Option(name: .customLong("retention-years"), help: ArgumentHelp("Privacy: whole years a graduate's name is kept after their class year (`person purge`).", valueName: "n"))
        var retentionYears: String?
        @Option(name: .customLong("stipend-amount"), help: ArgumentHelp("STP-02: the stipend, in dollars.", valueName: "dollars"))
        var stipendAmount: String?
        @Option(name: .customLong("small-cell"), help: ArgumentHelp("Aggregate reports show counts of students below N as \"<N\" (2-1000).", valueName: "n"))
        var smallCell: String?
        @Option(name: .customLong("disclosure-basis"), help: ArgumentHelp("The basis a disclosure of student records names when --purpose is not given.", valueName: "text"))
        var disclosureBasis: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            let academicYear = try? AcademicYear(year, field: "academic year")
            try write.perform(lookingUp: { db in
                let academicYear = try academicYear ?? AcademicYear(year, field: "academic year")
                var policy = try write.handler(db).policy(for: academicYear)
                if let communities { policy.communities = try countRange(communities, field: "--communities") }
                for entry in focus {
                    let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else {
                        throw InvalidValue(field: "--focus", value: entry, message: "'\(entry)' is not FOCUS=RANGE; write e.g. asian=1-2")
                    }
                    policy.perFocus[try Focus(parsing: parts[0], field: "--focus")] = try countRange(parts[1], field: "--focus")
                }
                if let leaders { policy.leaders = try countRange(leaders, field: "--leaders") }
                if let residents { policy.residents = try countRange(residents, field: "--residents") }
                if let students { policy.students = try countRange(students, field: "--students") }
                if let staffLiaisons { policy.staffLiaisons = try countRange(staffLiaisons, field: "--staff-liaisons") }
                if let communityMembers { policy.communityMembers = try countRange(communityMembers, field: "--community-members") }
                if let yearsAfterResidency { policy.yearsAfterResidency = try count(yearsAfterResidency, field: "--years-after-residency") }
                if let leaderHours {
                    let parts = leaderHours.split(separator: "-", maxSplits: 1).map(String.init)
                    policy.leaderHoursMinimum = try Hours(total: parts[0], field: "--leader-hours")
                    policy.leaderHoursMaximum = try Hours(total: parts.count == 2 ? parts[1] : parts[0], field: "--leader-hours")
                }
                if let meetingsPerYear { policy.meetingsPerYear = try count(meetingsPerYear, field: "--meetings-per-year") }
                if let gatheringsPerYear { policy.gatheringsPerYear = try count(gatheringsPerYear, field: "--gatherings-per-year") }
                if let meetingDuty { policy.meetingDuty = try dutyScope(meetingDuty, field: "--meeting-duty") }
                if let gatheringDuty { policy.gatheringDuty = try dutyScope(gatheringDuty, field: "--gathering-duty") }
                if let everyStudentMet {
                    switch everyStudentMet {
                    case "yes": policy.everyStudentMet = true
                    case "no": policy.everyStudentMet = false
                    default: throw InvalidValue(field: "--every-student-met", value: everyStudentMet, message: "'\(everyStudentMet)' is not yes or no")
                    }
                }
                if let graduation { policy.graduation = try MonthDay(graduation, field: "--graduation") }
                if let retentionYears { policy.retentionYears = try count(retentionYears, field: "--retention-years") }
                if let stipendAmount { policy.stipendAmount = try Cents(dollars: stipendAmount, field: "--stipend-amount") }
                if let smallCell { policy.smallCell = try count(smallCell, field: "--small-cell") }
                if let disclosureBasis { policy.disclosureBasis = disclosureBasis }
                return .setPolicy(SetPolicy(year: academicYear, policy: policy))
            })
        }
    }
}

/// Parses `each-leader` or `community`.
private func dutyScope(_ text: String, field: String) throws -> DutyScope {
    guard let scope = DutyScope(rawValue: text) else {
        throw InvalidValue(field: field, value: text, message: "'\(text)' is not a duty scope; use each-leader or community")
    }
    return scope
}
