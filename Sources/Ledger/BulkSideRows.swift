internal import EventStore
internal import Postgres

/// The directory names and free texts of a bulk write, sent to temporary tables of the
/// session a chunk at a time (COPY), and recorded beside the log with one call each once
/// the events are in: an import of any size holds one chunk's, never all of them.
///
/// The tables go at the transaction's end, as the staged events do.
struct BulkSideRows {
    let connection: Connection
    private(set) var names = 0
    private(set) var texts = 0

    init(connection: Connection) throws {
        self.connection = connection
        try connection.simpleQuery("""
            CREATE TEMPORARY TABLE mcledger_staged_names (id text NOT NULL, name text NOT NULL, position bigint NOT NULL) ON COMMIT DROP;
            CREATE TEMPORARY TABLE mcledger_staged_texts (event_id text NOT NULL, field text NOT NULL, text text NOT NULL, salt text NOT NULL) ON COMMIT DROP
            """)
    }

    /// Sends a chunk's names and texts; positions are known before the append (the
    /// client numbers a chained bulk append's events).
    mutating func send(names entries: [PeopleDirectory.Entry], texts sealed: [EventTexts.Entry]) throws {
        if !entries.isEmpty {
            _ = try connection.copyIn("COPY pg_temp.mcledger_staged_names FROM STDIN") { writer in
                for entry in entries { try writer.append([entry.personID, entry.name, String(entry.position)]) }
            }
            names += entries.count
        }
        if !sealed.isEmpty {
            _ = try connection.copyIn("COPY pg_temp.mcledger_staged_texts FROM STDIN") { writer in
                for entry in sealed {
                    try writer.append([entry.eventID, entry.field, entry.sealed.text, EventTexts.Sealed.hex(entry.sealed.salt)])
                }
            }
            texts += sealed.count
        }
    }

    /// Records every staged name and text through `mcledger.record_names` (its array
    /// form) and `mcledger.record_texts`, which check each against its event as for a single write.
    /// Call it after the events are appended, in their transaction.
    func record() throws {
        if names > 0 {
            // The array form (schema/020): three aggregates over one scan keep the rows
            // in step, and neither side builds or takes apart a JSON document.
            _ = try connection.execute("""
                SELECT mcledger.record_names(array_agg(s.id), array_agg(s.name), array_agg(s.position))
                  FROM pg_temp.mcledger_staged_names s
                """)
        }
        if texts > 0 {
            _ = try connection.execute("""
                SELECT mcledger.record_texts((SELECT jsonb_agg(jsonb_build_object('eventId', s.event_id, 'field', s.field, 'text', s.text, 'salt', s.salt))
                                               FROM pg_temp.mcledger_staged_texts s))
                """)
        }
    }
}
