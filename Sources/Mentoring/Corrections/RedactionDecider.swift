/// Issue 15: a free text is removed from beside the log with a fact in it.
///
/// The domain checks what it can see: the event is in the stream, the field is one its
/// type may hold a text in, and a reason is given. Whether the text is there to remove
/// (not absent, not already redacted, not inline in a version-1 event) is the side
/// table's to say: the ledger checks it before deciding and `mcledger.redact_text`
/// again in the transaction.
enum RedactionDecider {
    static func redact(_ command: RedactText, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.reason(context, for: "a redaction")
        guard let target = states.history(of: command.stream).first(where: { $0.eventID == command.eventID }) else {
            throw DomainError(.notApplicable, "there is no event \(command.eventID) in \(command.stream); check the id with \(eventListOf: command.stream.rawValue)")
        }
        let fields = FreeText.fields(of: target.event.typeName)
        guard fields.contains(command.field) else {
            throw DomainError(.notApplicable, "a \(target.event.typeName) event has no field '\(command.field)' that holds free text; its fields are \(fields.joined(separator: ", "))")
        }
        return [PendingEvent(stream: command.stream, event: .textRedacted(TextRedacted(event: command.eventID, field: command.field)))]
    }
}
