internal import Foundation

/// Reads a CSV file (RFC 4180) one record at a time, so an import holds one row of the
/// file however large the file is.
///
/// The same dialect as ``CSVTable``: a UTF-8 byte order mark, CRLF or LF line ends,
/// quoted fields with `""` for a quote and line breaks inside quotes; blank lines are
/// skipped. It scans bytes, not characters: every byte it looks for (`,` `"` CR LF) is
/// ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so a field's bytes are
/// exactly those of its text; each field is checked to be UTF-8 as it ends.
public final class CSVReader {
    /// Reads the next chunk of the file into its argument (empty at the end).
    private let fill: (inout [UInt8]) throws -> Void
    /// Sees every chunk as it is read: the import digests the file's bytes in passing.
    private let observe: ([UInt8]) -> Void
    private var chunk: [UInt8] = []
    private var index = 0
    private var atEnd = false
    private var started = false
    /// The line the next byte is on (1-based).
    private var line = 1
    private var field: [UInt8] = []
    /// Bytes read from the source so far.
    public private(set) var bytesRead = 0

    /// Reads from `fill`, which appends the next chunk to an empty array (none at the end).
    public init(fill: @escaping (inout [UInt8]) throws -> Void, observe: @escaping ([UInt8]) -> Void = { _ in }) {
        self.fill = fill
        self.observe = observe
        field.reserveCapacity(256)
    }

    /// Reads `bytes`, already in memory.
    public convenience init(bytes: [UInt8]) {
        var remaining: [UInt8]? = bytes
        self.init(fill: { chunk in
            if let bytes = remaining {
                chunk = bytes
                remaining = nil
            }
        })
    }

    /// Reads the file at `path` in 256 KiB chunks.
    ///
    /// - Throws: when the file cannot be opened.
    public convenience init(path: String, observe: @escaping ([UInt8]) -> Void = { _ in }) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.init(fill: { chunk in
            if let data = try handle.read(upToCount: 1 << 18) {
                chunk = [UInt8](data)
            } else {
                try? handle.close()
            }
        }, observe: observe)
    }

    /// The next record (the header first), or nil at the end of the file.
    ///
    /// - Throws: ``ImportProblem`` for an unterminated quote, text after a closing quote or
    ///   bytes that are not UTF-8; whatever reading the file throws.
    public func next() throws -> CSVTable.Row? {
        if !started {
            started = true
            // A byte order mark (EF BB BF) before the first field is no part of it.
            if try peek() == 0xEF {
                let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
                var matched = 0
                while matched < 3, try peek() == mark[matched] {
                    _ = try nextByte()
                    matched += 1
                }
                field.append(contentsOf: mark.prefix(matched == 3 ? 0 : matched))
            }
        }
        record: while true {
            var fields: [String] = []
            let recordLine = line
            var inQuotes = false
            var afterQuote = false
            var quoteLine = line
            var sawAnything = !field.isEmpty
            while let byte = try nextByte() {
                sawAnything = true
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if try peek() == UInt8(ascii: "\"") {
                            _ = try nextByte()
                            field.append(byte)
                        } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: ","):
                    fields.append(try takeField())
                    afterQuote = false
                case UInt8(ascii: "\r") where try peek() == UInt8(ascii: "\n"):
                    continue
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    fields.append(try takeField())
                    line += 1
                    if fields.count == 1 && fields[0].isEmpty {
                        // A blank line: no record.
                        continue record
                    }
                    return CSVTable.Row(line: recordLine, fields: fields)
                case UInt8(ascii: "\"") where field.isEmpty && !afterQuote:
                    inQuotes = true
                    quoteLine = line
                default:
                    if afterQuote {
                        throw ImportProblem(line: line, column: nil, message: "text after a closing quote; put the whole field in quotes and write a quote inside it as \"\"")
                    }
                    field.append(byte)
                }
            }
            if inQuotes {
                throw ImportProblem(line: quoteLine, column: nil, message: "a quoted field is never closed")
            }
            guard sawAnything, !field.isEmpty || !fields.isEmpty else { return nil }
            fields.append(try takeField())
            if fields.count == 1 && fields[0].isEmpty { return nil }
            return CSVTable.Row(line: recordLine, fields: fields)
        }
    }

    /// The first line, from where the reader stands, whose bytes are not UTF-8 (nil when
    /// all are), reading to the end without parsing: a file in another encoding is
    /// reported as such, whatever else looks wrong in it first.
    public func firstLineNotUTF8() throws -> Int? {
        var bytes: [UInt8] = []
        var current = line
        while let byte = try nextByte() {
            if byte == UInt8(ascii: "\n") {
                if String(validating: bytes, as: UTF8.self) == nil { return current }
                bytes.removeAll(keepingCapacity: true)
                current += 1
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) == nil ? current : nil
    }

    private func takeField() throws(ImportProblem) -> String {
        defer { field.removeAll(keepingCapacity: true) }
        guard let text = String(validating: field, as: UTF8.self) else {
            throw ImportProblem.notUTF8(line: line)
        }
        return text
    }

    @inline(__always)
    private func nextByte() throws -> UInt8? {
        if index == chunk.count {
            guard try refill() else { return nil }
        }
        let byte = chunk[index]
        index += 1
        return byte
    }

    @inline(__always)
    private func peek() throws -> UInt8? {
        if index == chunk.count {
            guard try refill() else { return nil }
        }
        return chunk[index]
    }

    private func refill() throws -> Bool {
        guard !atEnd else { return false }
        chunk.removeAll(keepingCapacity: true)
        index = 0
        try fill(&chunk)
        guard !chunk.isEmpty else {
            atEnd = true
            return false
        }
        bytesRead += chunk.count
        observe(chunk)
        return true
    }
}

extension ImportProblem {
    /// Bytes at `line` that are no UTF-8 text.
    static func notUTF8(line: Int) -> ImportProblem {
        ImportProblem(line: line, column: nil, message: "the file is not UTF-8 text here; save it as CSV UTF-8")
    }
}
