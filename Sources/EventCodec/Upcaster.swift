/// Turns a stored event of an older shape into the next one, so that every reader (the
/// write path's deciders, the projections, the reports) reads old events in today's shape.
///
/// Event payloads carry a schema version (DESIGN.md). When a payload changes, its type's
/// version goes up and an upcaster from the old version is added to ``Upcaster/all``:
/// readers (through ``EventCodec``) then see every event in the current shape, and the
/// log is never rewritten.
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

/// Upcasters that lead back to a version already passed.
public struct UpcastLoop: Error, Sendable, CustomStringConvertible {
    public var type: String
    public var description: String { "the upcasters of '\(type)' go round in a loop" }
}
