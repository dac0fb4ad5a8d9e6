internal import Postgres

/// What `verify` found: an intact chain up to the head, or the first position that breaks it.
public struct VerificationReport: Sendable, Equatable {
    /// How many events were recomputed.
    public var checked: Int
    /// The last position checked and its hash.
    public var lastPosition: Int64
    public var lastHash: [UInt8]
    /// The first position whose hash does not match, that is missing, or that the recorded
    /// head points past; nil when the chain holds.
    public var firstBadPosition: Int64?
    /// Why `firstBadPosition` is bad.
    public var problem: String?

    /// How many rows the log holds from `from` on (the Merkle tree's size when `from` is 1),
    /// counted whatever the chain says.
    public var rows: Int64 = 0
    /// The Merkle root (RFC 9162) of the first `size` rows, for each size asked for that the
    /// log reaches; computed from the events themselves, never from mcledger.merkle_nodes.
    public var roots: [Int64: [UInt8]] = [:]
    /// The stored chain hash at each position asked for that the log reaches (a head kept
    /// from `db status`, to compare).
    public var hashes: [Int64: [UInt8]] = [:]

    public var isIntact: Bool { firstBadPosition == nil }

    /// How many texts beside the log (schema/015) were checked against their commitments.
    public var textsChecked: Int = 0
    /// Every text beside the log that does not match what its event commits to, in
    /// position order: altered, missing, gone without a redaction, or of no event.
    public var textProblems: [TextProblem] = []

    /// Whether every text beside the log matches its event's commitment.
    public var textsIntact: Bool { textProblems.isEmpty }
}

/// A text beside the log that its event does not vouch for.
public struct TextProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The text (or salt) differs from what the event commits to.
        case altered
        /// The event commits to a text that is not there, and no redaction removed it.
        case missing
        /// The text is gone, but no TextRedacted event of that event and field removed it.
        case unexplained
        /// A text for an event the log does not hold.
        case orphan
    }

    /// The event's position (nil for an orphan).
    public var position: Int64?
    public var eventID: String
    public var field: String
    public var kind: Kind

    public var message: String {
        let event = position.map { "the event at position \($0)" } ?? "event \(eventID)"
        switch kind {
        case .altered: return "the \(field) text of \(event) does not match its commitment: it was altered behind the triggers"
        case .missing: return "\(event) commits to a \(field) text that is missing beside the log, with no redaction"
        case .unexplained: return "the \(field) text of \(event) is gone without a TextRedacted event for it"
        case .orphan: return "a \(field) text beside the log belongs to no event of the log (\(eventID))"
        }
    }
}

extension EventStore {
    /// Recomputes the hash chain from `position` onwards and checks it against the
    /// recorded head.
    ///
    /// Each event's hash must equal `sha256(previous hash ‖ canonical form)`, positions
    /// must run without a gap, and the last event must be the recorded head: so an event
    /// altered, inserted, reordered or deleted behind the triggers' back is named by
    /// position. A consistent rewrite of the whole tail (every later hash recomputed, head
    /// included) can only be caught against a digest kept outside the database.
    ///
    /// The log and the recorded head are read in one snapshot (a REPEATABLE READ, read-only
    /// transaction of its own, or the caller's open transaction): read one after the
    /// other, an append committing in between would look like deleted events.
    ///
    /// - Parameter position: the first position to check (its predecessor's stored hash is
    ///   trusted as the starting point); 1 checks everything.
    ///   - rootSizes: also compute the Merkle root of the first `size` events for each of
    ///     these sizes (a checkpoint's), in the same pass, memory flat; needs `position` 1.
    ///   - hashPositions: also report the stored hash at each of these positions.
    public func verify(from position: Int64 = 1, rootSizes: Set<Int64> = [], hashPositions: Set<Int64> = []) throws -> VerificationReport {
        guard connection.transactionState == .idle else {
            return try verifyInSnapshot(from: position, rootSizes: rootSizes, hashPositions: hashPositions)
        }
        return try run {
            try connection.withTransaction(isolation: "REPEATABLE READ", readOnly: true) { _ in
                try verifyInSnapshot(from: position, rootSizes: rootSizes, hashPositions: hashPositions)
            }
        }
    }

    private func verifyInSnapshot(from position: Int64, rootSizes: Set<Int64>, hashPositions: Set<Int64>) throws -> VerificationReport {
        let start = max(position, 1)
        var previous = LedgerHead.genesis.hash
        if start > 1 {
            let result = try run {
                try connection.execute("SELECT hash FROM mcledger.events WHERE position = $1", [start - 1])
            }
            guard let hash = result.first?.bytea(0) else {
                return VerificationReport(
                    checked: 0, lastPosition: start - 1, lastHash: [], firstBadPosition: start - 1,
                    problem: "position \(start - 1) is missing from the log"
                )
            }
            previous = hash
        }
        var report = VerificationReport(checked: 0, lastPosition: start - 1, lastHash: previous)
        var expectedPosition = start
        var frontier = MerkleFrontier()
        let wantRoots = start == 1 && !rootSizes.isEmpty
        if wantRoots && rootSizes.contains(0) { report.roots[0] = frontier.root }
        try readAll(after: start - 1, limit: nil, columns: Self.binaryEventColumns) { event in
            report.rows += 1
            if hashPositions.contains(event.position) { report.hashes[event.position] = event.hash }
            if wantRoots {
                // The tree covers the rows as stored, broken chain or not: a checkpoint
                // compares with what the log holds.
                frontier.append(leafHash: Merkle.leafHash(event.hash))
                if rootSizes.contains(frontier.size) { report.roots[frontier.size] = frontier.root }
            }
            guard report.isIntact else { return }
            if event.position != expectedPosition {
                report.firstBadPosition = expectedPosition
                report.problem = "position \(expectedPosition) is missing (the next event is at \(event.position))"
                return
            }
            let computed = CanonicalForm.chainHash(previous: previous, event: event)
            guard computed == event.hash else {
                report.firstBadPosition = event.position
                report.problem = "the hash at position \(event.position) does not match its contents and predecessor"
                return
            }
            previous = event.hash
            report.checked += 1
            report.lastPosition = event.position
            report.lastHash = event.hash
            expectedPosition += 1
        }
        try checkTexts(from: start, into: &report)
        guard report.isIntact else { return report }
        let recorded = try head()
        if recorded.position > report.lastPosition {
            report.firstBadPosition = report.lastPosition + 1
            report.problem = "the log ends at position \(report.lastPosition) but the recorded head is \(recorded.position): events were deleted"
        } else if recorded.position < report.lastPosition {
            report.firstBadPosition = recorded.position + 1
            report.problem = "the log runs to position \(report.lastPosition) past the recorded head \(recorded.position): events were inserted behind the append function"
        } else if recorded.hash != report.lastHash && report.lastPosition >= start {
            report.firstBadPosition = report.lastPosition
            report.problem = "the recorded head hash differs from the hash at position \(report.lastPosition)"
        }
        return report
    }
}

extension EventStore {
    /// The text check (schema/015's mcledger.text_problems, whose SQL docs/VERIFYING.md
    /// shows): every text beside the log against every commitment its event holds for that
    /// field, every commitment against a text or a redaction, every redaction against its
    /// TextRedacted event. It runs as the owner and returns positions and fields, never a
    /// text, so an auditor, who may not read texts, verifies them too.
    static let textProblemsQuery = "SELECT * FROM mcledger.text_problems($1)"

    /// Checks the texts beside the log of the events from `start` on (schema/015).
    func checkTexts(from start: Int64, into report: inout VerificationReport) throws {
        let present = try run {
            try connection.execute("SELECT to_regclass('mcledger.event_texts') IS NOT NULL").first?.bool(0) ?? false
        }
        guard present else { return }
        let rows = try run { try connection.execute(Self.textProblemsQuery, [start]) }
        for row in rows {
            guard let eventID = row.string(1), let field = row.string(2), let kind = row.string(3).flatMap(TextProblem.Kind.init(rawValue:)) else { continue }
            report.textProblems.append(TextProblem(position: row.int64(0), eventID: eventID, field: field, kind: kind))
        }
        report.textsChecked = try run {
            Int(try connection.execute("SELECT mcledger.texts_checked($1)", [start]).first?.int64(0) ?? 0)
        }
    }
}
