internal import Mentoring

/// Decodes event payloads from JSON text through their `Decodable` conformances.
///
/// Codable, but not Foundation's `JSONDecoder`: that one builds a dictionary for every
/// object it decodes, and `scripts/bench projections` measured it at 40% of a full
/// rebuild (which went from 84k to over 150k events/s with this decoder, the reader
/// thread and decoding on every core; README, "Where we stand"). Payloads are small
/// objects of a handful of keys, so this decoder parses the text into a tree once, looks
/// keys up by a linear scan, and builds a coding path only when it reports an error. It
/// reads any JSON (RFC 8259): escapes, surrogate pairs, whitespace and nesting up to
/// ``maximumDepth``; it refuses trailing text, bare control characters, lone surrogates,
/// malformed numbers and (unlike Foundation, and like PostgreSQL's `jsonb`) a comma
/// before `}` or `]`.
/// The payload types' own `init(from:)` stay the one definition of what a payload holds.
enum PayloadDecoder {
    static let maximumDepth = 512

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        var text = text
        let node = try text.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes)
            return try parser.document()
        }
        return try T(from: NodeDecoder(node: node, parentPath: [], key: nil))
    }

    /// Decodes a payload whose free texts live beside the log (schema/015): the object's
    /// `texts` member, field → commitment, is replaced by those fields holding the texts
    /// the reader fetched (`texts`, field → text or redaction notice), so the payload
    /// types decode as they always did. A committed field the reader did not get shows as
    /// ``FreeText/missing`` (`verify` names it) rather than stopping every reader.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, texts: [String: String]) throws -> T {
        var text = text
        let node = try text.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes)
            return try parser.document()
        }
        return try T(from: NodeDecoder(node: overlaid(node, texts: texts), parentPath: [], key: nil))
    }

    static func overlaid(_ node: JSONNode, texts: [String: String]) -> JSONNode {
        guard case .object(let members) = node,
              let committed = members.first(where: { $0.key == FreeText.textsKey }),
              case .object(let commitments) = committed.value
        else { return node }
        var result: [(key: String, value: JSONNode)] = []
        result.reserveCapacity(members.count + commitments.count)
        for member in members where member.key != FreeText.textsKey {
            result.append(member)
        }
        for commitment in commitments {
            result.append((commitment.key, .string(texts[commitment.key] ?? FreeText.missing)))
        }
        return .object(result)
    }

    /// Moves the free-text `fields` of a JSON object out of it: returns the object without
    /// them plus, when any held a string, a `texts` member mapping each to `commit(field,
    /// text)`, and the texts moved. Any other document is returned as it is.
    static func movingTexts(
        _ fields: [String], outOf text: String, commit: (_ field: String, _ text: String) -> String
    ) throws -> (json: String, texts: [(field: String, text: String)]) {
        var source = text
        let node = try source.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes)
            return try parser.document()
        }
        guard case .object(let members) = node else { return (text, []) }
        var kept: [(key: String, value: JSONNode)] = []
        var commitments: [(key: String, value: JSONNode)] = []
        var moved: [(field: String, text: String)] = []
        for member in members {
            if fields.contains(member.key) {
                if case .string(let value) = member.value {
                    commitments.append((member.key, .string(commit(member.key, value))))
                    moved.append((member.key, value))
                }
                continue
            }
            kept.append(member)
        }
        if !commitments.isEmpty {
            kept.append((FreeText.textsKey, .object(commitments.sorted { $0.key < $1.key })))
        }
        kept.sort { $0.key < $1.key }
        var output = ""
        JSONNode.object(kept).write(to: &output)
        return (output, moved)
    }
}

// MARK: Decoding

/// A decoder over one node; also its own single-value container.
private final class NodeDecoder: Decoder, SingleValueDecodingContainer {
    let node: JSONNode
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?

    init(node: JSONNode, parentPath: [any CodingKey], key: (any CodingKey)?) {
        self.node = node
        self.parentPath = parentPath
        self.key = key
    }

    /// Built only when asked (errors, custom `init(from:)`), not on every field.
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else { throw mismatch([String: Any].self, node, codingPath) }
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else { throw mismatch([Any].self, node, codingPath) }
        return UnkeyedNodeContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool {
        if case .null = node { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try node.bool(codingPath) }
    func decode(_ type: String.Type) throws -> String { try node.string(codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try node.floating(codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try node.floating(codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try node.integer(codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try node.integer(codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try node.integer(codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try node.integer(codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try node.integer(codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try node.integer(codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try node.integer(codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try node.integer(codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try node.integer(codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try node.integer(codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(key: String, value: JSONNode)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { members.contains { $0.key == key.stringValue } }

    private func node(_ key: Key) throws -> JSONNode {
        let name = key.stringValue
        for member in members where member.key == name { return member.value }
        throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(name)\")."))
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try node(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try node(key).bool(path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try node(key).string(path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try node(key).floating(path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try node(key).floating(path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try node(key).integer(path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try node(key).integer(path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try node(key).integer(path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try node(key).integer(path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try node(key).integer(path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try node(key).integer(path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try node(key).integer(path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try node(key).integer(path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try node(key).integer(path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try node(key).integer(path(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: NodeDecoder(node: try node(key), parentPath: codingPath, key: key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(node: try node(key), parentPath: codingPath, key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(node: try node(key), parentPath: codingPath, key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = Key(stringValue: "super")
        let value = members.first { $0.key == "super" }?.value ?? .null
        return NodeDecoder(node: value, parentPath: codingPath, key: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(node: members.first { $0.key == key.stringValue }?.value ?? .null, parentPath: codingPath, key: key)
    }
}

private struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONNode], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var indexKey: IndexKey { IndexKey(intValue: currentIndex) }

    private mutating func next<T>(_ type: T.Type) throws -> (JSONNode, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [indexKey], debugDescription: "Unkeyed container is at end."))
        }
        let path = codingPath + [indexKey]
        defer { currentIndex += 1 }
        return (elements[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Never.self, .init(codingPath: codingPath + [indexKey], debugDescription: "Unkeyed container is at end."))
        }
        if case .null = elements[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (node, path) = try next(type); return try node.bool(path) }
    mutating func decode(_ type: String.Type) throws -> String { let (node, path) = try next(type); return try node.string(path) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (node, path) = try next(type); return try node.floating(path) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (node, path) = try next(type); return try node.floating(path) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (node, path) = try next(type); return try node.integer(path) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (node, path) = try next(type); return try node.integer(path) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [indexKey], debugDescription: "Unkeyed container is at end."))
        }
        let decoder = NodeDecoder(node: elements[currentIndex], parentPath: codingPath, key: indexKey)
        let value = try T(from: decoder)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, _) = try next([String: Any].self)
        return try NodeDecoder(node: node, parentPath: codingPath, key: IndexKey(intValue: currentIndex - 1)).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, _) = try next([Any].self)
        return try NodeDecoder(node: node, parentPath: codingPath, key: IndexKey(intValue: currentIndex - 1)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, _) = try next(Any.self)
        return NodeDecoder(node: node, parentPath: codingPath, key: IndexKey(intValue: currentIndex - 1))
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private func mismatch(_ type: Any.Type, _ node: JSONNode, _ path: [any CodingKey]) -> DecodingError {
    DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(node.kind) instead."))
}

extension JSONNode {
    fileprivate func bool(_ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let value) = self else { throw mismatch(Bool.self, self, path) }
        return value
    }

    fileprivate func string(_ path: [any CodingKey]) throws -> String {
        guard case .string(let value) = self else { throw mismatch(String.self, self, path) }
        return value
    }

    /// An integer that fits `T`: written plainly, or (as Foundation reads it) with a
    /// fraction or exponent whose value is a whole number, such as `2e3`.
    fileprivate func integer<T: FixedWidthInteger>(_ path: [any CodingKey]) throws -> T {
        guard case .number(let text) = self else { throw mismatch(T.self, self, path) }
        let plain = !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        guard let value = plain ? T(text, radix: 10) : Double(text).flatMap({ T(exactly: $0) }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(text) is not representable in Swift as \(T.self)."))
        }
        return value
    }

    fileprivate func floating<T: BinaryFloatingPoint & LosslessStringConvertible>(_ path: [any CodingKey]) throws -> T {
        guard case .number(let text) = self else { throw mismatch(T.self, self, path) }
        guard let value = T(text), value.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(text) is not representable in Swift as \(T.self)."))
        }
        return value
    }
}
