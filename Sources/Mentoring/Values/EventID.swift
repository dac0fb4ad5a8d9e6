/// The id the event store gives an event when it appends it (e.g. a UUID).
///
/// The domain never makes one: it only points at them, from a correction to the event it
/// voids, so its spelling is the store's business and it is kept as opaque text.
public struct EventID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
