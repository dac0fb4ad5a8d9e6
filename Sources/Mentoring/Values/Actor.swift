/// Who issued a write: the `--actor` text, recorded with every event.
///
/// Actors are people working the program office, not necessarily people of the program.
/// The separation of duties for stipends (STP-04) must still know when an actor *is* the
/// payee, so the mapping is fixed and simple: an actor acts as the person whose id equals
/// the actor text exactly (`--actor f-okafor` is `f-okafor`). Anything else is a person
/// outside the program.
public struct Actor: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The program person this actor is, when the actor text is a person id.
    public var person: PersonID? { try? PersonID(rawValue) }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
