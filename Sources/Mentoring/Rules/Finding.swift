/// One rule not met, as the compliance projection stores and prints it.
///
/// Field names follow `compliance --format json` in CLI.md. `community` is nil only for
/// program-wide rules (PRG-01, PRG-02); `person` is set when the finding concerns one
/// leader. `evidence` lists the positions of the events that support the finding (the
/// appointment of an untrained leader, the gatherings that were counted).
public struct Finding: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rule: RuleID
    public var community: CommunityID?
    public var person: PersonID?
    public var severity: Severity
    public var message: String
    public var evidence: [Int64]

    public init(rule: RuleID, community: CommunityID? = nil, person: PersonID? = nil, severity: Severity, message: String, evidence: [Int64] = []) {
        self.rule = rule
        self.community = community
        self.person = person
        self.severity = severity
        self.message = message
        self.evidence = Array(Set(evidence)).sorted()
    }

    public var description: String {
        "\(rule) \(severity) \(community?.rawValue ?? "-") \(person?.rawValue ?? "-"): \(message) [\(evidence.map(String.init).joined(separator: ","))]"
    }

    /// Stable order for reports: rule, community, person, message.
    static func ordered(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.rule.rawValue, lhs.community?.rawValue ?? "", lhs.person?.rawValue ?? "", lhs.message)
            < (rhs.rule.rawValue, rhs.community?.rawValue ?? "", rhs.person?.rawValue ?? "", rhs.message)
    }
}
