/// A message that refers to inputs by ``Field`` and to the event list by name, so that
/// each front end prints them its own way (the CLI as flags and commands).
///
/// Written as a string literal with interpolations: `"check \(Field.date)"` reads
/// `check the date` in ``description`` and `check --on` once the CLI renders it.
public struct FieldMessage: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// A piece of the message.
    public enum Part: Hashable, Sendable {
        case text(String)
        case field(Field)
        /// Where a person finds event ids: a stream's events, or all of them.
        case eventList(stream: String?)
    }

    public private(set) var parts: [Part]

    public init(stringLiteral value: String) {
        parts = [.text(value)]
    }

    /// A message that names no field, made elsewhere (a file system's error).
    public init(_ text: String) {
        parts = [.text(text)]
    }

    public init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            parts.append(.text(literal))
        }

        public mutating func appendInterpolation(_ field: Field) {
            parts.append(.field(field))
        }

        /// The list of events a person reads event ids from: `stream`'s, or the whole log's.
        public mutating func appendInterpolation(eventListOf stream: String?) {
            parts.append(.eventList(stream: stream))
        }

        public mutating func appendInterpolation<Value>(_ value: Value) {
            parts.append(.text(String(describing: value)))
        }
    }

    /// The fields the message names, in order.
    public var fields: [Field] {
        parts.compactMap { if case .field(let field) = $0 { field } else { nil } }
    }

    /// The message with each field and event list spelled by the caller.
    public func rendered(field: (Field) -> String, eventList: (String?) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .field(let name): field(name)
            case .eventList(let stream): eventList(stream)
            }
        }.joined()
    }

    /// The message in words: `check the date`.
    public var description: String {
        rendered(field: \.words) { stream in stream.map { "the events of \($0)" } ?? "the list of events" }
    }
}
