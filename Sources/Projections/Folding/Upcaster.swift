/// Turns a stored event of an older shape into the next one, so projectors read old events.
///
/// Event payloads carry a schema version (DESIGN.md). When a payload changes, its type's
/// version goes up and an upcaster from the old version is added to ``Upcaster/all``:
/// projectors then read every event in the current shape, and the log is never rewritten.
/// An upcaster may also rename a type (`from` one name `to` another).
public struct Upcaster: Sendable {
    public var type: String
    public var fromVersion: Int
    /// Returns the event one step newer: its type, version and JSON payload.
    public var upcast: @Sendable (_ data: String) throws -> (type: String, schemaVersion: Int, data: String)

    public init(
        type: String, fromVersion: Int,
        upcast: @escaping @Sendable (_ data: String) throws -> (type: String, schemaVersion: Int, data: String)
    ) {
        self.type = type
        self.fromVersion = fromVersion
        self.upcast = upcast
    }

    /// Every upcaster this build knows. Every payload is at version 1 so far: none yet.
    public static let all: [Upcaster] = []
}
