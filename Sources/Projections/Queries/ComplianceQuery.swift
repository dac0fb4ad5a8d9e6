public import EventCodec
internal import EventStore
public import Mentoring
public import Postgres

/// The findings of one academic year as of one day (`mcledger compliance`).
public struct ComplianceReport: Hashable, Sendable {
    /// Where the answer came from.
    public enum Source: String, Hashable, Sendable {
        /// The compliance read model, evaluated on `asOf` (or equivalently for a year over).
        case projection
        /// The rules evaluated now from the log, because the read model was evaluated on
        /// another day that could give another answer.
        case log
    }

    public var year: AcademicYear
    public var asOf: Day
    public var findings: [Finding]
    public var source: Source
}

/// Reads compliance: from the read model when it answers the question, else by running
/// the domain's rules on the log (the same code the projector runs).
public enum ComplianceQuery {
    /// Findings of `year` as known and due on `asOf`, for the program or one community.
    public static func findings(
        connection: Connection, year: AcademicYear, asOf: Day, community: CommunityID? = nil,
        codec: EventCodec = EventCodec()
    ) throws -> ComplianceReport {
        if let stored = try stored(connection, year: year, asOf: asOf, community: community) {
            return ComplianceReport(year: year, asOf: asOf, findings: stored, source: .projection)
        }
        let findings = try evaluate(connection, year: year, asOf: asOf, community: community, codec: codec)
        return ComplianceReport(year: year, asOf: asOf, findings: findings, source: .log)
    }

    /// The stored findings when every stored evaluation involved answers for `asOf`:
    /// evaluated on that very day, or both days after the year's end with no event of
    /// the evaluation dated after the earlier of the two. Nil otherwise.
    static func stored(_ connection: Connection, year: AcademicYear, asOf: Day, community: CommunityID?) throws -> [Finding]? {
        let evaluations = try connection.execute("""
            SELECT scope, to_char(evaluated_on, 'YYYY-MM-DD'), to_char(latest_on, 'YYYY-MM-DD')
              FROM mcledger.compliance_evaluations
             WHERE year = $1 AND ($2::text IS NULL OR scope = $2)
            """, [year.description, community?.rawValue])
        var scopes = 0
        var programEvaluated: Day?
        for row in evaluations {
            guard let scope = row.string(0), let evaluated = row.string(1).flatMap({ try? Day($0) }),
                  let latest = row.string(2).flatMap({ try? Day($0) })
            else { return nil }
            let answers = evaluated == asOf
                || (evaluated > year.lastDay && asOf > year.lastDay && latest <= min(asOf, evaluated))
            guard answers else { return nil }
            if scope.isEmpty { programEvaluated = evaluated }
            scopes += 1
        }
        guard scopes > 0 else { return nil }
        // The whole program: every community reaches the program's evaluation year.
        if community == nil {
            guard let programEvaluated, year <= programEvaluated.academicYear else { return nil }
        }
        let rows = try connection.execute("""
            SELECT rule, community, person, severity, message, evidence::text
              FROM mcledger.compliance_findings
             WHERE year = $1 AND ($2::text IS NULL OR scope = $2)
            """, [year.description, community?.rawValue])
        let findings = rows.compactMap { row -> Finding? in
            guard let rule = row.string(0), let severity = row.string(3).flatMap(Severity.init(rawValue:)),
                  let message = row.string(4), let evidence = row.string(5)
            else { return nil }
            return Finding(
                rule: RuleID(rule), community: row.string(1).flatMap { try? CommunityID($0) },
                person: row.string(2).flatMap { try? PersonID($0) }, severity: severity, message: message,
                evidence: evidence.trimmingBraces.split(separator: ",").compactMap { Int64($0) }
            )
        }
        return findings.sorted(by: Compliance.reportOrder)
    }

    /// Runs the domain's rules on the streams involved, read from the log now.
    static func evaluate(
        _ connection: Connection, year: AcademicYear, asOf: Day, community: CommunityID?, codec: EventCodec
    ) throws -> [Finding] {
        let reader = EventReader(connection: connection, codec: codec)
        let loader = StateLoader(reader: reader, through: try reader.store.head().position)
        let program = try loader.program()
        if let community {
            return Compliance.evaluateCommunity(community, year: year, asOf: asOf, states: try loader.community(community, program: program))
        }
        var states = StreamStates()
        states.program = program
        let through = min(asOf, year.lastDay)
        for record in program.asOf(asOf).activeCommunities(on: through) {
            let loaded = try loader.community(record.id, program: program)
            states.communities[record.id] = loaded.community(record.id)
            states.people.merge(loaded.people) { first, _ in first }
        }
        return Compliance.evaluate(year: year, asOf: asOf, states: states)
    }
}

extension String {
    /// `1,2,3` from PostgreSQL's array text `{1,2,3}`.
    var trimmingBraces: Substring {
        dropFirst(hasPrefix("{") ? 1 : 0).dropLast(hasSuffix("}") ? 1 : 0)
    }
}
