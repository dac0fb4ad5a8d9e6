/// Anomalies of recorded stipends, for the auditors' list (`mcledger audit stipends`).
///
/// The stipend commands refuse these situations (STP-01..05, LDR-02), but the log may
/// still hold them: an event written before a rule existed, a policy changed afterwards,
/// a title recorded late, a correction that voided the appointment a payment relied on.
/// Audit looks at what is recorded and names each anomaly with its rule; it never
/// refuses anything. Pure: the states come from the folded streams.
public enum StipendAudit {
    /// One anomaly of one stipend.
    public struct Anomaly: Hashable, Sendable, Codable {
        public var rule: RuleID
        public var message: String

        public init(rule: RuleID, message: String) {
            self.rule = rule
            self.message = message
        }
    }

    /// The anomalies of every stipend of `id`, in the order the stipends were requested.
    ///
    /// - Parameters:
    ///   - community: the community's folded stream (corrections applied).
    ///   - people: folded person streams; the payees' are read (role, titles, training).
    ///   - program: the program stream, for the policy of each stipend's year.
    public static func anomalies(
        of id: CommunityID, community: CommunityState, people: [PersonID: PersonState], program: ProgramState
    ) -> [[Anomaly]] {
        community.stipends.map { record in
            anomalies(of: record, id, community, people[record.payee] ?? PersonState(), program) + payments(of: record, community)
        }
    }

    private static func anomalies(
        of record: StipendRecord, _ id: CommunityID, _ community: CommunityState, _ payee: PersonState, _ program: ProgramState
    ) -> [Anomaly] {
        let year = record.year
        let policy = program.policy(for: year)
        var found: [Anomaly] = []
        // STP-01: more stipends for the community-year than the policy allows (this one
        // counted among them only while it is active).
        let active = community.activeStipends(for: year)
        if record.isActive, active.count > policy.stipendsPerCommunityYear {
            found.append(Anomaly(rule: .stp01, message: "\(id) has \(active.count) stipends for \(year) that are not reversed; at most \(policy.stipendsPerCommunityYear) allowed"))
        }
        let paid = community.stipends.filter { $0.year == year && $0.paid != nil && $0.isActive }
        if record.paid != nil, record.isActive, paid.count > policy.stipendsPerCommunityYear {
            found.append(Anomaly(rule: .stp01, message: "\(id) was paid \(paid.count) stipends for \(year)"))
        }
        // STP-02: the amount is the policy's.
        if record.requested.payload.amount != policy.stipendAmount {
            found.append(Anomaly(rule: .stp02, message: "requested \(record.requested.payload.amount), but the policy's stipend for \(year) is \(policy.stipendAmount)"))
        }
        if let paidRecord = record.paid, paidRecord.payload.amount != record.requested.payload.amount {
            found.append(Anomaly(rule: .stp02, message: "paid \(paidRecord.payload.amount), but \(record.requested.payload.amount) was requested"))
        }
        // STP-03: the payee led this community during the year.
        let ledThatYear = community.members(.leader, during: year, through: year.lastDay).contains { $0.person == record.payee }
        if payee.role != .faculty || !ledThatYear {
            found.append(Anomaly(rule: .stp03, message: "\(record.payee) is not a leader of \(id) during \(year)"))
        }
        // STP-04: three different actors, and the payee approves and records nothing.
        found += separationOfDuties(record)
        // LDR-02: paid although the payee held a barred title on a day of their
        // leadership in the year, up to the payment.
        if let paidRecord = record.paid, let barred = barredTitle(payee, record.payee, community, year, through: paidRecord.occurredOn) {
            found.append(Anomaly(rule: .ldr02, message: "paid on \(paidRecord.occurredOn) although \(record.payee) was \(barred.title) from \(barred.from) while leading (LDR-02 holds the stipend)"))
        }
        // STP-05: approved without training (LDR-04) or the year's gatherings (OBL-03) and no waiver.
        if let approved = record.approved, approved.payload.waiver == nil {
            let through = min(approved.occurredOn, year.lastDay)
            let gatherings = ObligationRules.countedGatherings(community, year, through: through).count
            var unmet: [String] = []
            if payee.training(by: approved.occurredOn) == nil {
                unmet.append("\(record.payee) had not completed leadership training")
            }
            if gatherings < policy.gatheringsPerYear {
                unmet.append("\(id) had \(gatherings) of \(policy.gatheringsPerYear) gatherings")
            }
            if !unmet.isEmpty {
                found.append(Anomaly(rule: .stp05, message: "approved on \(approved.occurredOn) without a waiver although \(unmet.joined(separator: " and "))"))
            }
        }
        return found
    }

    /// The first barred title the payee held on a day they led the community in `year`, up to `through`.
    private static func barredTitle(
        _ payee: PersonState, _ id: PersonID, _ community: CommunityState, _ year: AcademicYear, through: Day
    ) -> (title: FacultyTitle, from: Day)? {
        StipendDecider.barredTitle(payee, id, community, year, through: through)
    }

    private static func separationOfDuties(_ record: StipendRecord) -> [Anomaly] {
        var found: [Anomaly] = []
        let requester = record.requested.recordedBy
        // The three steps follow each other by date, whatever order they were appended in.
        if let approved = record.approved, approved.occurredOn < record.requested.occurredOn {
            found.append(Anomaly(rule: .stp04, message: "approved on \(approved.occurredOn), before it was requested on \(record.requested.occurredOn)"))
        }
        if let paid = record.paid, let approved = record.approved, paid.occurredOn < approved.occurredOn {
            found.append(Anomaly(rule: .stp04, message: "paid on \(paid.occurredOn), before it was approved on \(approved.occurredOn)"))
        }
        if let approved = record.approved {
            if approved.recordedBy.isSamePerson(as: requester) {
                found.append(Anomaly(rule: .stp04, message: "\(requester) requested it and \(approved.recordedBy) approved it: one person"))
            }
            if approved.recordedBy.isPerson(record.payee) {
                found.append(Anomaly(rule: .stp04, message: "the payee \(record.payee) approved it"))
            }
        }
        if let paid = record.paid {
            let payer = paid.recordedBy
            if payer.isSamePerson(as: requester) || record.approved.map({ payer.isSamePerson(as: $0.recordedBy) }) == true {
                found.append(Anomaly(rule: .stp04, message: "\(payer) recorded the payment and also requested or approved it"))
            }
            if payer.isPerson(record.payee) {
                found.append(Anomaly(rule: .stp04, message: "the payee \(record.payee) recorded the payment"))
            }
        }
        return found
    }
}
