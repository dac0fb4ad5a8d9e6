internal import Foundation

extension UUID {
    /// A random (version 4, RFC 9562) UUID from the system's secure generator.
    ///
    /// Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every id on Linux,
    /// about 5 µs each. A write makes one id per event, and an import of a roster of
    /// 100,000 students makes 200,000: a second of system calls. The standard library's
    /// `SystemRandomNumberGenerator` draws from the same kernel source (`getrandom`)
    /// without a file, in a sixth of the time.
    static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var words = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &words) { bytes in
            bytes[6] = (bytes[6] & 0x0F) | 0x40 // version 4: random
            bytes[8] = (bytes[8] & 0x3F) | 0x80 // variant 10: RFC 9562
            return UUID(uuid: bytes.loadUnaligned(as: uuid_t.self))
        }
    }
}
