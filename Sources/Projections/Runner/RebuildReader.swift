internal import EventCodec
internal import EventStore
internal import Foundation
internal import Mentoring
internal import Postgres

/// Reads and decodes a rebuild's events on a thread and a connection of its own, a chunk
/// or two ahead of the thread that folds them and writes rows.
///
/// Reading (the server's index scan and text output, then JSON decoding) and writing (the
/// server's COPY into the new generation) used to take turns on one connection; with the
/// reading moved here they overlap, which on a two-core machine is a third of a rebuild.
/// The reader needs no part in the rebuild's transaction: it reads only positions up to
/// the head that transaction saw, which are committed and can never change.
///
/// Person streams come first, in position order (for their audit rows), then community
/// streams, one stream after another in version order (so a community's folded state is
/// complete when the next one starts). Each chunk of community streams comes with the
/// events of the person streams named by the communities whose last event it holds
/// (their leaders, payees and students, as ``EventEnvelope/leadersNamed`` names them),
/// read then: the folding thread keeps those people's states for that chunk only, so a
/// rebuild's memory is bounded by a chunk, not by the people in the ledger. ``next()``
/// hands them out in that order; ``stop()`` ends the thread early (a cancelled or
/// failed rebuild) and waits for it.
final class RebuildReader: Sendable {
    enum Chunk: Sendable {
        case people([EventEnvelope])
        /// Community events, and the events of the person streams the communities
        /// finished in this chunk name (the last community's, with the last chunk).
        case communities([EventEnvelope], people: [EventEnvelope])
    }

    private let pipe = Pipe(capacity: 2)

    /// Starts reading at once.
    ///
    /// - Parameter configuration: how to reach the database (``Connection/configuration()``
    ///   of the rebuild's connection): the same server, database and role.
    init(configuration: ConnectionConfiguration, codec: EventCodec, quarantine: QuarantineLog, through head: Int64, chunkSize: Int) {
        let pipe = self.pipe
        let thread = Thread {
            do {
                let connection = try Connection.connect(configuration)
                defer { connection.close() }
                let reader = EventReader(connection: connection, codec: codec, quarantine: quarantine)
                try Self.readPeople(reader, through: head, chunkSize: chunkSize, into: pipe)
                try Self.readCommunities(reader, through: head, chunkSize: chunkSize, into: pipe)
                try pipe.put(.success(nil))
            } catch {
                try? pipe.put(.failure(error))
            }
            pipe.finish()
        }
        thread.name = "mcledger rebuild reader"
        thread.start()
    }

    /// The next chunk, nil after the last.
    ///
    /// - Throws: what reading or decoding threw (the thread stops at its first error).
    func next() throws -> Chunk? {
        try pipe.take().get()
    }

    /// Tells the thread to stop and waits until it has closed its connection.
    func stop() {
        pipe.stop()
    }

    private static func readPeople(_ reader: EventReader, through head: Int64, chunkSize: Int, into pipe: Pipe) throws {
        // Each chunk is the next `chunkSize` person events in position order. Right after a
        // large import the table's statistics still say the log holds almost no person
        // events, and the planner then reads every remaining event of the range (a bitmap
        // scan) and sorts them, for every chunk: 61 ms a chunk instead of 9 after 100,000
        // people. Walking the position index in order stops at the chunk's last event
        // whatever the statistics say, and reads no page the bitmap scan would not.
        try reader.connection.simpleQuery("SET enable_bitmapscan = off")
        defer { _ = try? reader.connection.simpleQuery("RESET enable_bitmapscan") }
        var after: Int64 = 0
        while true {
            var stored: [StoredEvent] = []
            try reader.store.scan(streamsPrefixed: "person-", after: after, through: head, limit: chunkSize) { stored.append($0) }
            try pipe.put(.success(.people(reader.codec.envelopes(stored, quarantine: reader.quarantine))))
            guard stored.count == chunkSize, let last = stored.last else { return }
            after = last.position
        }
    }

    private static func readCommunities(_ reader: EventReader, through head: Int64, chunkSize: Int, into pipe: Pipe) throws {
        // Keyed by (stream, version), the index that gives each stream's events in order.
        var key = (stream: "", version: 0)
        // The community being read, and the people its events so far name.
        var current: Mentoring.StreamName?
        var named = Set<PersonID>()
        while true {
            var stored: [StoredEvent] = []
            try reader.store.scanStreamByStream(prefixed: "community-", after: key, through: head, limit: chunkSize) { stored.append($0) }
            let chunk = reader.codec.envelopes(stored, quarantine: reader.quarantine)
            let isLast = stored.count < chunkSize
            // A community is finished where the next one starts, as the folding thread
            // sees it in the same envelopes; the last one with the last chunk.
            var finished = Set<PersonID>()
            for envelope in chunk {
                if envelope.stream != current {
                    finished.formUnion(named)
                    named = []
                    current = envelope.stream
                }
                named.formUnion(envelope.leadersNamed)
            }
            if isLast { finished.formUnion(named) }
            var people: [StoredEvent] = []
            try reader.store.scanStreamByStream(finished.map { Mentoring.StreamName.person($0).rawValue }, through: head) { people.append($0) }
            try pipe.put(.success(.communities(chunk, people: reader.codec.envelopes(people, quarantine: reader.quarantine))))
            guard !isLast, let last = stored.last else { return }
            key = (last.stream, last.version)
        }
    }
}

/// A bounded queue between the reading thread and the folding one.
///
/// `@unchecked Sendable`: every stored property is read and written under `condition`.
private final class Pipe: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Result<RebuildReader.Chunk?, any Error>] = []
    private var stopped = false
    private var finished = false

    init(capacity: Int) { self.capacity = capacity }

    /// Thrown to the reading thread once the consumer has stopped.
    struct Stopped: Error {}

    /// Waits for room.
    ///
    /// - Throws: ``Stopped`` when the consumer has stopped (the item is dropped).
    func put(_ item: Result<RebuildReader.Chunk?, any Error>) throws(Stopped) {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !stopped { condition.wait() }
        guard !stopped else { throw Stopped() }
        items.append(item)
        condition.broadcast()
    }

    func take() -> Result<RebuildReader.Chunk?, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty {
            if finished { return .success(nil) }
            condition.wait()
        }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Called by the reading thread as its last act.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Drops what is queued, refuses more, and waits for the reading thread to finish.
    func stop() {
        condition.lock()
        stopped = true
        items.removeAll()
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
