/// STP-06, an audit-only rule: a stipend is paid once, after its approval.
///
/// The stipend commands never record a second payment (the decider refuses it), but
/// `mcledger.append` does not run the deciders: a writer can append a well-formed second
/// `StipendPaid` straight through it. Folding keeps such a step as stray (the stipend was
/// no longer approved-and-unpaid), so the audit used to show one payment. Here every live
/// payment of a stipend is listed, and two or more, or one without an approval, is an
/// anomaly naming each payment's position.
extension StipendAudit {
    /// The anomaly of `record`'s payments, if any.
    static func payments(of record: StipendRecord, _ community: CommunityState) -> [Anomaly] {
        let payments = livePayments(of: record, community)
        if payments.count > 1 {
            let listed = payments.map { "\($0.payload.amount) on \($0.occurredOn) (position \($0.position), by \($0.actor))" }
            return [Anomaly(rule: .stp06, message: "paid \(payments.count) times: \(listed.joined(separator: "; "))")]
        }
        if let payment = payments.first, record.paid == nil {
            return [Anomaly(rule: .stp06, message: "paid \(payment.payload.amount) on \(payment.occurredOn) (position \(payment.position), by \(payment.actor)) without an approval in force")]
        }
        return []
    }

    /// Every live payment of `record`, in position order: the one folded into it and the
    /// stray ones for its year and payee recorded after its request (and before a later
    /// request for the same year and payee).
    public static func livePayments(of record: StipendRecord, _ community: CommunityState) -> [Recorded<StipendPaid>] {
        var payments = record.paid.map { [$0] } ?? []
        for envelope in community.strayStipendSteps {
            guard case .stipendPaid(let paid) = envelope.event, paid.year == record.year, paid.payee == record.payee else { continue }
            let owner = community.stipends.last { other in
                other.year == paid.year && other.payee == paid.payee && other.requested.position < envelope.position
            }
            if owner?.requested.position == record.requested.position { payments.append(Recorded(paid, envelope)) }
        }
        return payments.sorted { $0.position < $1.position }
    }
}

extension RuleID {
    /// A stipend is paid once, and only once approved (audit only; the decider's STP-01
    /// and the approval step refuse it at the command).
    public static let stp06 = RuleID("STP-06")
}
