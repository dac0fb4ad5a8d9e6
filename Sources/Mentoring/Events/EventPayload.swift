/// The payload of one kind of event: a stable type name, a schema version and a JSON form.
///
/// The type name and version are stored beside the payload so that an old event can be
/// read (upcast) after its type evolves; never rename a type or change a key in place —
/// add a version instead.
public protocol EventPayload: Codable, Sendable, Hashable {
    /// The name stored in the `type` column, e.g. `StudentJoined`.
    static var typeName: String { get }
    /// The current version of this payload's JSON form.
    static var schemaVersion: Int { get }
}
