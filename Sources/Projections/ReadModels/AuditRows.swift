internal import Foundation
public import Mentoring

/// One stipend with its steps and anomalies (`mcledger.audit_stipends`).
public struct StipendRow: Hashable, Sendable {
    /// One step of a stipend's life: when, by whom, at which position.
    public struct Step: Hashable, Sendable {
        public var on: Day
        public var position: Int64
        public var actor: String
    }

    public var community: CommunityID
    public var year: AcademicYear
    public var payee: PersonID
    public var amount: Cents
    public var status: StipendRecord.Status
    public var requested: Step
    public var approved: Step?
    public var waiver: String?
    public var paid: Step?
    public var paidAmount: Cents?
    public var reference: String?
    public var reversed: Step?
    public var reversedReason: String?
    public var anomalies: [StipendAudit.Anomaly]
}

/// A justification written where a rule was set aside (`mcledger.audit_exceptions`).
public struct ExceptionRow: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// LDR-03: a leader appointed with fewer than five years after residency.
        case leaderException = "leader-exception"
        /// STP-05: a stipend approved although training or gatherings were not met.
        case stipendWaiver = "stipend-waiver"
    }

    public var kind: Kind
    public var community: CommunityID
    public var person: PersonID
    /// A waiver's stipend year; nil for a leader exception (see `since`/`until`).
    public var year: AcademicYear?
    public var since: Day
    public var until: Day?
    public var justification: String
    public var position: Int64
    public var actor: String
}

/// A correction: which event it voids and why (`mcledger.audit_corrections`).
public struct CorrectionRow: Hashable, Sendable {
    public var position: Int64
    public var stream: String
    public var occurredOn: Day
    public var actor: String
    public var reason: String
    public var voidsEventID: String
    public var voidedType: String
    public var isPostCloseAdjustment: Bool
    /// Filled when read back (the voided event's position and date).
    public var voidedPosition: Int64?
    public var voidedOccurredOn: Day?
}

/// A write dated in a closed academic year (`mcledger.audit_adjustments`).
public struct AdjustmentRow: Hashable, Sendable {
    public var position: Int64
    public var stream: String
    public var type: String
    public var occurredOn: Day
    public var actor: String
    public var reason: String?
}

/// One event of a person's or community's trail (`mcledger.audit_trail`).
public struct TrailEntry: Hashable, Sendable {
    public var position: Int64
    public var occurredOn: Day
    public var recordedAt: String
    public var stream: String
    public var type: String
    public var eventID: String
    public var actor: String
    /// The database login that appended it (nil before schema/011 recorded logins).
    public var login: String?
    public var reason: String?
    public var isPostCloseAdjustment: Bool
    /// The position of the correction that voided this event, if any.
    public var voidedBy: Int64?
    /// The payload as stored (JSON text).
    public var data: String
    /// The free texts kept beside the log (schema/015), a JSON object of field → text or
    /// redaction notice; nil when the event commits to none.
    public var texts: String? = nil

    /// The free texts beside the log as "field: text" notes, by field, without the
    /// reason (shown as ``reason``): what a reader prints beside the payload.
    public var textNotes: [String] {
        guard let texts, let object = try? JSONSerialization.jsonObject(with: Data(texts.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted().compactMap { field in
            guard field != "reason", let text = object[field] as? String else { return nil }
            return "\(field): \(text)"
        }
    }
}
