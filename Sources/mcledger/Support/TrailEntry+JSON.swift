import Projections

extension TrailEntry {
    /// One event of a trail as `audit trail` and `person record` print it in JSON: the
    /// event's own fields, its payload as stored, and its texts (or their notices).
    var json: JSONOutput {
        .object([
            ("position", .int(position)),
            ("occurredOn", .string(occurredOn.description)),
            ("recordedAt", .string(recordedAt)),
            ("stream", .string(stream)),
            ("type", .string(type)),
            ("eventId", .string(eventID)),
            ("actor", .string(actor)),
            ("login", .optional(login)),
            ("reason", .optional(reason)),
            ("postCloseAdjustment", .bool(isPostCloseAdjustment)),
            ("voidedBy", .optional(voidedBy)),
            ("data", .raw(data)),
            ("texts", texts.map(JSONOutput.raw) ?? .null),
        ])
    }
}
