/// Turns a stored event of an older shape into the next one, so that every reader (the
/// write path's deciders, the projections, the reports) reads old events in today's shape.
///
/// Event payloads carry a schema version (DESIGN.md). When a payload changes, its type's
/// version goes up and an upcaster from the old version is added to ``Upcaster/all``:
/// readers then see every event in the current shape, and the log is never rewritten.
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

extension Upcaster {
    /// The payload of `type` at `schemaVersion` brought to its current shape: every
    /// upcaster of `upcasters` that reads the event's type and version is applied in turn.
    ///
    /// - Throws: what an upcaster throws, or ``UpcastLoop`` when they go round in a circle.
    public static func current(
        type: String, schemaVersion: Int, data: String, using upcasters: [String: [Int: Upcaster]] = Upcaster.table
    ) throws -> (type: String, schemaVersion: Int, data: String) {
        var (type, version, data) = (type, schemaVersion, data)
        var steps = 0
        while let upcaster = upcasters[type]?[version] {
            (type, version, data) = try upcaster.upcast(data)
            steps += 1
            if steps > 64 { throw UpcastLoop(type: type) }
        }
        return (type, version, data)
    }

    /// ``all``, by type and the version each reads.
    public static let table: [String: [Int: Upcaster]] = table(all)

    /// `upcasters` by type and the version each reads.
    public static func table(_ upcasters: [Upcaster]) -> [String: [Int: Upcaster]] {
        var table: [String: [Int: Upcaster]] = [:]
        for upcaster in upcasters { table[upcaster.type, default: [:]][upcaster.fromVersion] = upcaster }
        return table
    }
}

/// Upcasters that lead back to a version already passed.
public struct UpcastLoop: Error, CustomStringConvertible {
    public var type: String
    public var description: String { "the upcasters of '\(type)' go round in a loop" }
}
