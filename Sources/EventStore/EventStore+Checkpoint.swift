internal import Postgres

/// The newest checkpoint mcledger.checkpoints records.
public struct RecordedCheckpoint: Sendable, Equatable {
    public var size: Int64
    public var root: [UInt8]
    /// Seconds since it was recorded, by the server's clock.
    public var age: Double
}

extension EventStore {
    /// The newest recorded checkpoint, nil when there is none.
    public func latestCheckpoint() throws -> RecordedCheckpoint? {
        try run {
            guard let row = try connection.execute("""
                SELECT tree_size, root, extract(epoch FROM now() - recorded_at)::float8
                  FROM mcledger.checkpoints ORDER BY checkpoint DESC LIMIT 1
                """).first, let size = row.int64(0), let root = row.bytea(1)
            else { return nil }
            return RecordedCheckpoint(size: size, root: root, age: row.string(2).flatMap(Double.init) ?? 0)
        }
    }

    /// Records a checkpoint that was signed and written out (mcledger.record_checkpoint).
    public func recordCheckpoint(_ checkpoint: Checkpoint, note: SignedNote, signer: NoteVerifier) throws {
        try run {
            _ = try connection.execute(
                "SELECT mcledger.record_checkpoint($1, $2::bigint, $3::bytea, $4, $5::bytea, $6)",
                [checkpoint.origin, checkpoint.size, ByteaParameter(checkpoint.root), signer.name, ByteaParameter(signer.keyHash), note.serialized]
            )
        }
    }

    /// `mcledger/<database name>`: the origin of a checkpoint when none is given.
    public func defaultOrigin() throws -> String {
        try run { "mcledger/" + (try connection.execute("SELECT current_database()").first?.string(0) ?? "ledger") }
    }

    /// The position of the event with `eventID`, nil when there is none.
    public func position(ofEvent eventID: String) throws -> Int64? {
        try run { try connection.execute("SELECT position FROM mcledger.events WHERE event_id = $1::uuid", [eventID]).first?.int64(0) }
    }

    /// The stored chain hashes and event ids of `positions`.
    public func chainHashes(_ positions: [Int64]) throws -> [Int64: (eventID: String, hash: [UInt8])] {
        guard !positions.isEmpty else { return [:] }
        return try run {
            var out: [Int64: (String, [UInt8])] = [:]
            for row in try connection.execute(
                "SELECT position, event_id::text, hash FROM mcledger.events WHERE position = ANY($1::bigint[])",
                ["{" + positions.map(String.init).joined(separator: ",") + "}"]
            ) {
                if let position = row.int64(0), let id = row.string(1), let hash = row.bytea(2) { out[position] = (id, hash) }
            }
            return out
        }
    }
}
