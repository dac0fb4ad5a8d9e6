/// Why a write failed for a reason that is neither a program rule (``Mentoring/DomainError``)
/// nor the store's own (``EventStore/EventStoreError``).
///
/// ``description`` is for people; ``debugDescription`` adds the cause, for logs.
public struct LedgerError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
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
    /// What happened and what to do, safe to show.
    public var message: String
    /// The failure this one stands for, when it wraps one.
    public var underlying: (any Error)?

    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    /// The code, the message and the cause chain.
    public var debugDescription: String {
        "\(code.rawValue): \(message)" + (underlying.map { "\n  caused by: \(String(reflecting: $0))" } ?? "")
    }
}
