public import Mentoring

/// The commands of a batch (an import), handed over in chunks and in order, so that a
/// batch of any size is decided and sent without holding all of it.
///
/// A batch may be walked more than once: the handler decides again from the start when a
/// concurrent writer moved a stream it read.
public struct CommandBatch {
    /// Calls its argument with each chunk of commands, in order.
    public var forEachChunk: (_ body: ([Command]) throws -> Void) throws -> Void

    public init(forEachChunk: @escaping (_ body: ([Command]) throws -> Void) throws -> Void) {
        self.forEachChunk = forEachChunk
    }

    /// The commands of an array, `chunkSize` at a time.
    public init(_ commands: [Command], chunkSize: Int = CommandBatch.chunkSize) {
        let size = max(1, chunkSize)
        self.init { body in
            var start = 0
            while start < commands.count {
                let end = min(start + size, commands.count)
                try body(Array(commands[start..<end]))
                start = end
            }
        }
    }

    /// Commands decided between two sends to the server: large enough that reading their
    /// streams and sending their events take few round trips, small enough that a chunk's
    /// events are a few megabytes.
    public static let chunkSize = 5_000
}
