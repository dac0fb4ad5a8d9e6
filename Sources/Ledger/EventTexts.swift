internal import Crypto
internal import EventStore
internal import Foundation
public import Mentoring
public import Postgres

/// Free text beside the log (schema/015): the commitments a write puts in its events, the
/// texts it records beside them, and what `mcledger redact` may remove.
///
/// Each text gets its own 16 random bytes of salt; its event holds
/// `hex(sha256(salt ‖ UTF-8 text))`, so the log reveals nothing of a text even to someone
/// guessing it, and the text and salt can go while the chain still verifies.
public struct EventTexts {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// A text sealed for the log: the salt kept beside it and the commitment the event holds.
    struct Sealed: Sendable {
        var text: String
        var salt: [UInt8]
        var commitment: String

        init(_ text: String) {
            var generator = SystemRandomNumberGenerator()
            var words = (generator.next() as UInt64, generator.next() as UInt64)
            salt = withUnsafeBytes(of: &words) { Array($0) }
            self.text = text
            commitment = Self.commitment(salt: salt, text: text)
        }

        static func commitment(salt: [UInt8], text: String) -> String {
            var digest = SHA256()
            digest.update(data: salt)
            digest.update(data: Array(text.utf8))
            return Self.hex(Array(digest.finalize()))
        }

        static func hex(_ bytes: [UInt8]) -> String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// One text to record beside its event.
    struct Entry: Sendable {
        var eventID: String
        var field: String
        var sealed: Sealed
    }

    /// Records `entries` in one call, through `mcledger.record_texts` (the writer cannot
    /// write the table): each must match the commitment its event holds. Call it in the
    /// transaction that appended those events.
    ///
    /// The call is queued (``Postgres/Connection/executeLater(_:_:)``): it goes out with
    /// the transaction's next statement or its COMMIT, so a write with a reason waits for
    /// the server no more often than one without; a refusal is thrown by that statement
    /// or the COMMIT, which then does not commit.
    func record(_ entries: [Entry]) throws {
        guard !entries.isEmpty else { return }
        var json = "["
        for (index, entry) in entries.enumerated() {
            if index > 0 { json += "," }
            json += "{\"eventId\":\"\(entry.eventID)\",\"field\":\(JSONText.quote(entry.field)),\"text\":\(JSONText.quote(entry.sealed.text)),\"salt\":\"\(Sealed.hex(entry.sealed.salt))\"}"
        }
        json += "]"
        try connection.executeLater("SELECT mcledger.record_texts($1::jsonb)", [json])
    }

    /// Removes the text beside the `TextRedacted` event at `position`, through
    /// `mcledger.redact_text`. Call it in the transaction that appended that event, after
    /// recording its own reason.
    func redact(eventID: String, field: String, position: Int64) throws {
        _ = try connection.execute("SELECT mcledger.redact_text($1::uuid, $2, $3)", [eventID, field, position])
    }

    /// The redaction `mcledger redact <event-id> --field NAME` asks for, once the side table
    /// says there is a text to remove.
    ///
    /// - Throws: ``InvalidValue`` for an id that is not a uuid; ``DomainError`` naming what
    ///   is wrong (exit 65, nothing written) for an unknown event, a field its type has no
    ///   text in, an event written before schema/015 (its text is inline in the event and
    ///   cannot go), a field with no text, or a text already redacted.
    public func redaction(of eventID: String, field: String) throws -> RedactText {
        guard let uuid = UUID(uuidString: eventID) else {
            throw InvalidValue(field: "event id", value: eventID, message: "'\(eventID)' is not an event id; event ids are uuids such as 3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60; the list of events shows each one's")
        }
        let id = uuid.uuidString.lowercased()
        guard let state = try EventStore(connection: connection).textState(of: id, field: field) else {
            throw DomainError(.notApplicable, "no event \(id) is in the ledger; check the id with \(eventListOf: nil); nothing was written")
        }
        let (position, stream, type, version) = (state.position, state.stream, state.type, state.schemaVersion)
        let fields = FreeText.fields(of: type)
        guard fields.contains(field) else {
            throw DomainError(.notApplicable, "a \(type) event has no field '\(field)' that holds free text; its fields are \(fields.joined(separator: ", ")); nothing was written")
        }
        let inlineReason = field == FreeText.reasonField && state.hasInlineReason
        if (FreeText.isInline(type: type, schemaVersion: version) && FreeText.payloadFields[type]?.contains(field) == true) || inlineReason {
            throw DomainError(.notApplicable, """
                event \(id) (\(type) at position \(position)) was written before schema/015 with its \(field) inline in the \
                event, which the hash chain covers: it cannot be redacted (only texts written since, kept beside the log, can); \
                nothing was written
                """)
        }
        guard state.commitments > 0 else {
            throw DomainError(.notApplicable, "event \(id) (\(type) at position \(position)) has no \(field) text; nothing to redact, nothing was written")
        }
        if let redacted = state.redacted {
            throw DomainError(.alreadyDone, "the \(field) text of event \(id) was already redacted on \(redacted.on ?? "?") by \(redacted.by ?? "?") (position \(redacted.position)); nothing was written")
        }
        guard state.isBesideTheLog else {
            throw DomainError(.notApplicable, "the \(field) text of event \(id) is missing beside the log (run `mcledger verify`); nothing to redact, nothing was written")
        }
        do {
            return RedactText(eventID: EventID(id), stream: try Mentoring.StreamName(stream), field: field)
        } catch {
            throw DomainError(.notApplicable, "event \(id) is in stream \(stream), which is no mentoring stream; nothing was written")
        }
    }
}
