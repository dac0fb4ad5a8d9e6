/// A stored event this build cannot read.
///
/// Thrown by ``Event/decode(type:schemaVersion:data:texts:)``; through
/// ``EventCodec/envelope(_:)`` the write path refuses to decide on a stream holding one,
/// and the projectors quarantine it with its ``summary``.
public struct EventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// No event of this type exists in this build (a newer writer, or a typo).
        case unknownType
        /// The type exists, but this build reads only `current`.
        case unsupportedVersion(current: Int)
        /// The JSON does not match the type's schema.
        case malformedPayload(String)
    }

    public let type: String
    public let schemaVersion: Int
    public let problem: Problem
    /// The payload key the problem is at (`hours`, `attendees.Index 2`), when known.
    public let field: String?

    public init(type: String, schemaVersion: Int, problem: Problem, field: String? = nil) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.problem = problem
        self.field = field
    }

    public var description: String {
        switch problem {
        case .unknownType:
            "unknown event type '\(type)' (schema version \(schemaVersion)); upgrade mcledger to read it"
        case .unsupportedVersion(let current):
            "event type '\(type)' has schema version \(schemaVersion), but this build reads version \(current); upgrade mcledger or add an upcaster"
        case .malformedPayload(let detail):
            "event type '\(type)' version \(schemaVersion) has a payload that does not match its schema: \(detail)"
        }
    }

    /// The problem without any value from the payload, for records kept beside the log
    /// (the quarantine): type, version, and the key at fault when known.
    public var summary: String {
        switch problem {
        case .unknownType:
            "unknown event type '\(type)' (schema version \(schemaVersion))"
        case .unsupportedVersion(let current):
            "schema version \(schemaVersion) of '\(type)' is not read by this build (it reads \(current))"
        case .malformedPayload:
            "the payload of '\(type)' version \(schemaVersion) does not match its schema" + (field.map { " at key '\($0)'" } ?? "")
        }
    }
}
