/// Why a write failed for a reason that is neither a program rule (``Mentoring/DomainError``)
/// nor the store's own (``EventStore/EventStoreError``).
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// An open set of failure codes.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Other writers kept moving the streams the decision read, through every retry.
        public static let conflictUnresolved = Code(rawValue: "conflict-unresolved")
        /// A stored event cannot be read by this build (unknown type, newer schema version).
        public static let unreadableEvent = Code(rawValue: "unreadable-event")
        /// An input the handler cannot accept before any decision (an event id that is not
        /// a uuid, an import file that does not parse).
        public static let invalidInput = Code(rawValue: "invalid-input")
        /// A disclosure of student records could not be recorded (FERPA 99.32), so the
        /// records were neither printed nor written.
        public static let disclosureNotRecorded = Code(rawValue: "disclosure-not-recorded")
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
