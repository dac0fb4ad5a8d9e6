internal import Foundation
public import Mentoring
public import Projections

/// Renders the nightly report's files, in the order the job writes them.
///
/// Pure: the files depend on the input only (no clock, no locale, no dictionary order),
/// so the same ledger and the same `--as-of` give byte-identical files. Names stay out:
/// the files carry ids and facts, like the log (DESIGN.md, "Personal data").
public enum NightlyReport {
    /// The data files, in the order of the issue; `manifest.json` comes after them.
    public static let fileNames = ["compliance.csv", "compliance.json", "rosters.csv", "stipends.csv", "exceptions.csv", "summary.html"]

    public static func render(_ input: NightlyInput) -> [ReportFile] {
        [
            complianceCSV(input), complianceJSON(input), rostersCSV(input), stipendsCSV(input), exceptionsCSV(input),
            SummaryHTML(input).file(),
        ]
    }

    static func complianceCSV(_ input: NightlyInput) -> ReportFile {
        CSVText.file(
            name: "compliance.csv",
            header: ["year", "as_of", "rule", "community", "person", "severity", "message", "evidence"],
            rows: input.findings.map { finding in
                [input.year.description, input.asOf.description, finding.rule.rawValue, finding.community?.rawValue ?? "",
                 finding.person?.rawValue ?? "", finding.severity.rawValue, finding.message,
                 finding.evidence.map(String.init).joined(separator: " ")]
            }
        )
    }

    /// The shape of `mcledger compliance --format json`, with the as-of day and head.
    static func complianceJSON(_ input: NightlyInput) -> ReportFile {
        let document = JSONValue.object([
            ("year", .string(input.year.description)),
            ("asOf", .string(input.asOf.description)),
            ("head", .object([("position", .int(input.head.position)), ("hash", .string(input.head.hash))])),
            ("findings", .array(input.findings.map(JSONValue.finding))),
        ])
        return ReportFile(name: "compliance.json", bytes: Array((document.render(pretty: true) + "\n").utf8), rows: input.findings.count)
    }

    /// Members by role on the as-of day: ids and dates, no names.
    static func rostersCSV(_ input: NightlyInput) -> ReportFile {
        CSVText.file(
            name: "rosters.csv",
            header: ["community", "name", "focus", "role", "person", "since", "until", "exception"],
            rows: input.rosters.flatMap { roster in
                roster.members.map { member in
                    [roster.community.community.rawValue, roster.community.name, roster.community.focus.rawValue, member.role.rawValue,
                     member.person.rawValue, member.since.description, member.until?.description ?? "", member.exception ?? ""]
                }
            }
        )
    }

    static func stipendsCSV(_ input: NightlyInput) -> ReportFile {
        CSVText.file(
            name: "stipends.csv",
            header: ["community", "year", "payee", "amount", "status", "requested_on", "requested_by", "approved_on", "approved_by",
                     "waiver", "paid_on", "paid_by", "paid_amount", "reference", "reversed_on", "reversed_by", "reversed_reason", "anomalies"],
            rows: input.stipends.map { row in
                [row.community.rawValue, row.year.description, row.payee.rawValue, row.amount.dollarsText, row.status.rawValue,
                 row.requested.on.description, row.requested.actor, row.approved?.on.description ?? "", row.approved?.actor ?? "",
                 row.waiver ?? "", row.paid?.on.description ?? "", row.paid?.actor ?? "", row.paidAmount?.dollarsText ?? "",
                 row.reference ?? "", row.reversed?.on.description ?? "", row.reversed?.actor ?? "", row.reversedReason ?? "",
                 row.anomalies.map { "\($0.rule): \($0.message)" }.joined(separator: "; ")]
            }
        )
    }

    static func exceptionsCSV(_ input: NightlyInput) -> ReportFile {
        CSVText.file(
            name: "exceptions.csv",
            header: ["kind", "community", "person", "year", "since", "until", "justification", "position", "actor"],
            rows: input.exceptions.map { row in
                [row.kind.rawValue, row.community.rawValue, row.person.rawValue, row.year?.description ?? "", row.since.description,
                 row.until?.description ?? "", row.justification, String(row.position), row.actor]
            }
        )
    }
}

extension StipendRow {
    /// The stipend as known on `day`: steps dated after it left out, its status with them
    /// (nil when it was requested after `day`).
    public func asOf(_ day: Day) -> StipendRow? {
        guard requested.on <= day else { return nil }
        var row = self
        if let step = row.approved, step.on > day { row.approved = nil; row.waiver = nil }
        if let step = row.paid, step.on > day { row.paid = nil; row.paidAmount = nil; row.reference = nil }
        if let step = row.reversed, step.on > day { row.reversed = nil; row.reversedReason = nil }
        row.status = row.reversed != nil ? .reversed : row.paid != nil ? .paid : row.approved != nil ? .approved : .requested
        return row
    }
}

extension JSONValue {
    /// One finding as `mcledger compliance --format json` and compliance.json write it
    /// (CLI.md): `person` only when the finding names one.
    public static func finding(_ finding: Finding) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("rule", .string(finding.rule.rawValue)),
            ("community", .optional(finding.community?.rawValue)),
        ]
        if let person = finding.person { fields.append(("person", .string(person.rawValue))) }
        fields += [
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
            ("evidence", .array(finding.evidence.map(JSONValue.int))),
        ]
        return .object(fields)
    }
}
