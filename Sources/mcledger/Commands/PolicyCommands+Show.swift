import ArgumentParser
import Ledger
import Logging
import Mentoring

extension PolicyCommands {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print every number and reading of the policy in force for an academic year.",
            discussion: """
                The policy in force for a year is the last one set for it or an earlier year \
                (`mcledger policy set`), else the program description's. Besides the numbers, \
                it says how the rules read where the description can be read two ways: whom \
                the meeting and gathering duties bind (each leader, or the community), whether \
                every student must be met, and the day students graduate. PRIVACY rows: the \
                small-cell threshold of aggregate reports and the basis a disclosure of \
                student records names when --purpose is not given (docs/PRIVACY.md).

                Examples:
                  mcledger policy show 2026-27
                  mcledger policy show 2027-28 --format json
                """
        )

        @Argument(help: ArgumentHelp("The academic year, e.g. 2026-27.", valueName: "yyyy-yy")) var year: String
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func validate() throws { _ = try parsedYear(year) }

        func run() throws {
            try reportingFailures {
                let academicYear = try AcademicYear(year, field: "academic year")
                let policy = try connection.withLedger { db in
                    try CommandHandler(connection: db, logger: Logger(label: "mcledger.ledger")).policy(for: academicYear)
                }
                let rows = PolicyText.rows(policy)
                switch format {
                case .json:
                    JSONOutput.object([
                        ("year", .string(academicYear.description)),
                        ("policy", .object(rows.map { ($0.key, .string($0.value)) })),
                    ]).print()
                case .text:
                    print("Policy in force for \(academicYear):")
                    print(textTable(["RULE", "SETTING", "VALUE"], rows.map { [$0.rule, $0.key, $0.value] }))
                }
            }
        }
    }
}

/// The policy as rows of text, one per setting, in rule order.
enum PolicyText {
    struct Row {
        var rule: String
        var key: String
        var value: String
    }

    static func rows(_ policy: Policy) -> [Row] {
        var rows = [Row(rule: "PRG-01", key: "communities", value: policy.communities.description)]
        for focus in Focus.allCases {
            rows.append(Row(rule: "PRG-02", key: "focus \(focus)", value: policy.bounds(for: focus).description))
        }
        rows += [
            Row(rule: "COM-01", key: "leaders", value: policy.leaders.description),
            Row(rule: "COM-02", key: "residents", value: policy.residents.description),
            Row(rule: "COM-03", key: "students", value: policy.students.description),
            Row(rule: "COM-03", key: "graduation", value: "\(policy.graduation) of the class-of year"),
            Row(rule: "COM-04", key: "staff-liaisons", value: policy.staffLiaisons.description),
            Row(rule: "COM-05", key: "community-members", value: policy.communityMembers.description),
            Row(rule: "LDR-03", key: "years-after-residency", value: "\(policy.yearsAfterResidency) (residency taken to end June 30)"),
            Row(rule: "OBL-01", key: "leader-hours", value: "\(policy.leaderHoursMinimum)-\(policy.leaderHoursMaximum) (the minimum binds)"),
            Row(rule: "OBL-02", key: "meetings-per-year", value: String(policy.meetingsPerYear)),
            Row(rule: "OBL-02", key: "meeting-duty", value: policy.meetingDuty.description),
            Row(rule: "OBL-02", key: "every-student-met", value: policy.everyStudentMet ? "yes" : "no"),
            Row(rule: "OBL-03", key: "gatherings-per-year", value: String(policy.gatheringsPerYear)),
            Row(rule: "OBL-03", key: "gathering-duty", value: policy.gatheringDuty.description),
            Row(rule: "STP-01", key: "stipends-per-community-year", value: String(policy.stipendsPerCommunityYear)),
            Row(rule: "STP-02", key: "stipend-amount", value: policy.stipendAmount.dollarsText),
            Row(rule: "PRIVACY", key: "retention-years", value: "\(policy.retentionYears) after the class year (person purge)"),
            Row(rule: "PRIVACY", key: "small-cell", value: "\(policy.smallCell) (aggregate counts of 1 to \(policy.smallCell - 1) students are shown as <\(policy.smallCell))"),
            Row(rule: "PRIVACY", key: "disclosure-basis", value: policy.disclosureBasis),
        ]
        return rows
    }
}
