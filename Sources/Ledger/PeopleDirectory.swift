internal import EventStore
public import Postgres

/// The `mcledger.people` table (schema/002): names of the program's people, keyed by id.
///
/// Names never enter the immutable log, so they can be erased later while the chain
/// still verifies. The handler writes here in the same transaction as the event that
/// registers the person, so one never commits without the other.
public struct PeopleDirectory {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// One person's directory entry.
    public struct Entry: Sendable, Hashable {
        public var personID: String
        public var name: String
        /// The position of the event that registered the person.
        public var position: Int64

        public init(personID: String, name: String, position: Int64) {
            self.personID = personID
            self.name = name
            self.position = position
        }
    }

    /// Inserts or updates `entries` in one call (an import passes many).
    ///
    /// Through `mcledger.record_names` (schema/011), the only way the writer may touch the
    /// directory: each name must sit beside the event at its position, the person's
    /// `PersonRegistered` for a new entry or a later `PersonDetailsChanged` for a changed
    /// one, so every change of a name leaves a fact in the log. Call it in the
    /// transaction that appended those events.
    ///
    /// - Parameter queued: send the call with the transaction's next statement or its
    ///   COMMIT (``Postgres/Connection/executeLater(_:_:)``), a round trip fewer; a
    ///   refusal is then thrown by that statement or the COMMIT, which does not commit.
    public func record(_ entries: [Entry], queued: Bool = false) throws {
        guard !entries.isEmpty else { return }
        let rows = entries.map { entry in
            "{\"id\":\(JSONText.quote(entry.personID)),\"name\":\(JSONText.quote(entry.name)),\"position\":\(entry.position)}"
        }
        let names = "[" + rows.joined(separator: ",") + "]"
        try run {
            if queued {
                try connection.executeLater("SELECT mcledger.record_names($1::jsonb)", [names])
            } else {
                _ = try connection.execute("SELECT mcledger.record_names($1::jsonb)", [names])
            }
        }
    }

    /// Empties the entries of `erasures` in one call (a purge passes many), each beside the
    /// `PersonDetailsErased` event at its position, through `mcledger.erase_details`
    /// (schema/013). Call it in the transaction that appended those events.
    public func erase(_ erasures: [(personID: String, position: Int64)]) throws {
        guard !erasures.isEmpty else { return }
        let rows = erasures.map { entry in "{\"id\":\(JSONText.quote(entry.personID)),\"position\":\(entry.position)}" }
        try run {
            _ = try connection.execute("SELECT mcledger.erase_details($1::jsonb)", ["[" + rows.joined(separator: ",") + "]"])
        }
    }

    /// The name of `personID`, nil when the directory has none.
    public func name(of personID: String) throws -> String? {
        try run {
            try connection.execute("SELECT name FROM mcledger.people WHERE person_id = $1", [personID]).first?.string(0)
        }
    }

    private func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.code == .undefinedTable {
            throw EventStoreError(code: .schemaMissing, message: "the people directory is missing; run `mcledger db migrate`", underlying: error)
        }
    }
}
