import ArgumentParser
import Mentoring
import Projections

struct ComplianceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "List the program's rule findings for an academic year, with their evidence.",
        discussion: """
            Every rule that is a finding (PRG, COM, LDR, OBL; docs/RULES.md), per community \
            and leader, with its severity (violation, warning, advisory) and the positions \
            of the events that support it. --as-of judges what was known and due on that \
            day: a fall gathering is not missing in August, and a year still running has \
            warnings where a year over has violations. A community that meets every rule \
            has no finding.

            --fail-on-findings exits 1 when a finding is printed (use --min-severity \
            violation to fail only on violations).

            Examples:
              mcledger compliance
              mcledger compliance --year 2025-26 --community c-latinx
              mcledger compliance --year 2026-27 --as-of 2026-12-15 --format json
              mcledger compliance --year 2025-26 --min-severity violation --fail-on-findings
            """
    )

    @Option(help: ArgumentHelp("Academic year, e.g. 2026-27 (default: the year of --as-of).", valueName: "yyyy-yy")) var year: String?
    @Option(help: ArgumentHelp("Only this community.", valueName: "id")) var community: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge as known and due on this day (default: today).", valueName: "date")) var asOf: String?
    @Option(name: .customLong("min-severity"), help: ArgumentHelp("Only findings at least this severe: violation, warning or advisory.", valueName: "severity"))
    var minSeverity: String = "advisory"
    @Flag(name: .customLong("fail-on-findings"), help: "Exit 1 when any finding is printed.") var failOnFindings = false
    @OptionGroup var options: QueryOptions

    func validate() throws {
        _ = try parsedDay(asOf, flag: "--as-of")
        _ = try parsedYear(year)
        if let community {
            do { _ = try CommunityID(community, field: "--community") } catch { throw ValidationError(error.description) }
        }
        guard Severity(rawValue: minSeverity) != nil else {
            throw ValidationError("--min-severity must be violation, warning or advisory (got '\(minSeverity)')")
        }
    }

    func run() throws {
        var printed = 0
        try reportingQueryFailures {
            let day = try parsedDay(asOf, flag: "--as-of") ?? ProjectionClock.today()
            let year = try parsedYear(year) ?? day.academicYear
            let id = try community.map { try CommunityID($0, field: "--community") }
            let threshold = Severity(rawValue: minSeverity) ?? .advisory
            let report = try options.connection.withReadModels { db in
                try ComplianceQuery.findings(connection: db, year: year, asOf: day, community: id)
            }
            let findings = report.findings.filter { $0.severity <= threshold }
            printed = findings.count
            print(report, findings)
        }
        if failOnFindings && printed > 0 {
            throw ExitCode(1)
        }
    }

    private func print(_ report: ComplianceReport, _ findings: [Finding]) {
        switch options.format {
        case .json:
            JSONOutput.object([
                ("year", .string(report.year.description)),
                ("findings", .array(findings.map(JSONOutput.finding))),
            ]).print()
        case .csv:
            printCSV(
                ["year", "rule", "community", "person", "severity", "message", "evidence"],
                findings.map { [report.year.description, $0.rule.rawValue, $0.community?.rawValue ?? "", $0.person?.rawValue ?? "", $0.severity.rawValue, $0.message, $0.evidence.map(String.init).joined(separator: " ")] }
            )
        case .text:
            let count = { (severity: Severity) in findings.filter { $0.severity == severity }.count }
            Terminal.print("Compliance \(report.year) as of \(report.asOf): \(findings.count) finding\(findings.count == 1 ? "" : "s") (\(count(.violation)) violations, \(count(.warning)) warnings, \(count(.advisory)) advisories)")
            guard !findings.isEmpty else { return }
            Terminal.print(textTable(
                ["RULE", "SEVERITY", "COMMUNITY", "PERSON", "EVIDENCE", "MESSAGE"],
                findings.map { [$0.rule.rawValue, $0.severity.rawValue, $0.community?.rawValue ?? "-", $0.person?.rawValue ?? "-", $0.evidence.map(String.init).joined(separator: ","), $0.message] }
            ))
        }
    }
}
