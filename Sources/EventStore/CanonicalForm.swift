internal import Crypto

/// The bytes an event's hash covers, exactly as `mcledger.canonical_form` in
/// schema/001_event_store.sql builds them: thirteen netstrings (`<length>:<bytes>,`).
///
/// Kept byte-for-byte equal to the SQL function so that `mcledger verify` and an
/// auditor's plain-SQL recomputation agree at every position (a test proves it).
public enum CanonicalForm {
    public static func bytes(of event: RecordedEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(event.data.utf8.count + event.metadata.utf8.count + 256)
        append(String(event.position), to: &out)
        append(event.stream.rawValue, to: &out)
        append(String(event.version), to: &out)
        append(event.eventID, to: &out)
        append(event.type, to: &out)
        append(String(event.schemaVersion), to: &out)
        append(event.occurredOn, to: &out)
        append(event.recordedAt, to: &out)
        append(event.actor, to: &out)
        append(event.commandID ?? "", to: &out)
        append(event.correlationID ?? "", to: &out)
        append(event.data, to: &out)
        append(event.metadata, to: &out)
        return out
    }

    /// `sha256(previous ‖ canonical form of event)`: the hash the ledger stores for `event`.
    public static func chainHash(previous: [UInt8], event: RecordedEvent) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: bytes(of: event))
        return Array(hasher.finalize())
    }

    private static func append(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        out.append(contentsOf: String(utf8.count).utf8)
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: utf8)
        out.append(UInt8(ascii: ","))
    }
}
