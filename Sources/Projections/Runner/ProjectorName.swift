/// The projectors: each folds the log into its own tables and keeps its own checkpoint.
public enum ProjectorName: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Communities and membership periods (`mcledger roster`).
    case roster
    /// Findings per community, leader and academic year (`mcledger compliance`).
    case compliance
    /// Stipends with anomalies, exceptions, corrections, post-close adjustments, trails.
    case audit

    public var description: String { rawValue }

    /// The base tables of one generation; schema/003 creates `<name>_a` and `<name>_b`.
    var tables: [String] {
        switch self {
        case .roster: ["roster_communities", "roster_tenures"]
        case .compliance: ["compliance_findings", "compliance_evaluations"]
        case .audit: ["audit_stipends", "audit_exceptions", "audit_subjects", "audit_corrections", "audit_adjustments"]
        }
    }

    /// The key of the transaction-level advisory lock that serialises this projector's
    /// batches (any number unique to the purpose; 0x6d636c70 is "mclp").
    var lockKey: Int64 {
        switch self {
        case .roster: 0x6d63_6c70_0000_0001
        case .compliance: 0x6d63_6c70_0000_0002
        case .audit: 0x6d63_6c70_0000_0003
        }
    }

    /// The session-level advisory lock held by a rebuild, so two rebuilds never race.
    var rebuildLockKey: Int64 { lockKey | 0x0000_0000_0001_0000 }
}

/// One of the two sets of tables a projector owns (see schema/003): the active one is
/// read through the views; a rebuild fills the other and swaps.
enum Generation: String, Sendable {
    case a, b

    var other: Generation { self == .a ? .b : .a }

    /// `mcledger.<table>_<generation>`: names come from ``ProjectorName/tables`` only,
    /// never from input.
    func table(_ name: String) -> String { "mcledger.\(name)_\(rawValue)" }
}
