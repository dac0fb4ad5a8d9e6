/// A projection could not be brought up to date or read.
///
/// The message says what went wrong and what to do; the projector's tables and
/// checkpoint are as they were before the failed batch (it ran in one transaction).
/// ``description`` is for people; ``debugDescription`` adds the cause, for logs.
public struct ProjectionError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A stored event this build cannot read (unknown type or version, bad payload).
        public static let unreadableEvent = Code(rawValue: "unreadable-event")
        /// The log holds a stream that is not `program`, `community-…` or `person-…`.
        public static let foreignStream = Code(rawValue: "foreign-stream")
        /// Another rebuild of the same projector is running.
        public static let rebuildRunning = Code(rawValue: "rebuild-running")
        /// The caller asked a rebuild or a follow to stop.
        public static let cancelled = Code(rawValue: "cancelled")
        /// A query named something that is not in the read model.
        public static let notFound = Code(rawValue: "not-found")
        /// The caller's connection is inside a transaction; projectors need their own.
        public static let transactionOpen = Code(rawValue: "transaction-open")
        /// The projection tables are missing: run `mcledger db migrate`.
        public static let schemaMissing = Code(rawValue: "schema-missing")
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
