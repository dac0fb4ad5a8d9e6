internal import EventCodec
public import EventStore
internal import Foundation
public import Logging
public import Mentoring
public import Postgres

/// Carries out administrators' commands: load the streams a command needs, fold them,
/// decide, and append with the expected version of every stream read, in one
/// transaction together with any directory row the command writes.
///
/// When another writer moved one of those streams in between, the store refuses the
/// append (a concurrency conflict) and the handler reads and decides again, up to
/// ``maxAttempts`` times: two administrators racing for the 18th seat both decide on 17
/// students, one append wins, and the other's second decision sees 18 and is refused by
/// COM-03 instead of overfilling the community.
///
/// Every write is recorded under a command id (`--command-id`, or one the handler makes):
/// the same id with the same command returns the first outcome and appends nothing.
public final class CommandHandler {
    public let connection: Connection
    public let store: EventStore
    let logger: Logger
    /// How many times to decide before giving up on a stream that keeps moving.
    public var maxAttempts: Int
    /// How many stored events each attempt of the last write read before deciding: after
    /// a conflict, only what was appended since the attempt before.
    private(set) var eventsReadByAttempt: [Int] = []

    public init(connection: Connection, logger: Logger, maxAttempts: Int = 5) {
        self.connection = connection
        self.store = EventStore(connection: connection, logger: logger)
        self.logger = logger
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Decides `command` and appends its events.
    ///
    /// - Throws: ``Mentoring/DomainError`` when a rule refuses it (nothing written);
    ///   ``LedgerError`` `.conflictUnresolved` when every attempt met a conflict;
    ///   `EventStoreError` (`.commandIDReused`, `.unavailable`, `.outcomeUnknown`, …).
    @discardableResult
    public func handle(_ command: Command, _ request: WriteRequest) throws -> WriteOutcome {
        try handle(command, request, fingerprint: CommandFingerprint.digest(of: [command], request, kind: "command"))
    }

    /// As ``handle(_:_:)``, with the command's fingerprint already taken (a
    /// ``PendingFingerprint``'s value, computed while the connection was opened).
    @discardableResult
    public func handle(_ command: Command, _ request: WriteRequest, fingerprint: String) throws -> WriteOutcome {
        do {
            return try handle(batch: CommandBatch([command]), request, kind: "command", fingerprint: fingerprint, bulk: false, keepEvents: true, progress: nil)
        } catch let refused as RefusedCommands {
            throw refused.refusals[0].error
        }
    }

    /// Decides `commands` in order against one folded state, each seeing the events of
    /// those before it, and appends all their events together or none (an import).
    ///
    /// Every command is decided even after one is refused, so that the caller can report
    /// every refusal at once.
    ///
    /// - Parameters:
    ///   - kind: names the batch in the fingerprint (`import-people`), so the same rows
    ///     imported as another kind are another command.
    ///   - source: the text the commands were read from, digested for the fingerprint
    ///     instead of the commands themselves (nil: the commands).
    ///   - progress: called with the number of commands decided (and their events sent
    ///     to the server) so far.
    /// - Throws: ``RefusedCommands`` listing every refusal by index; otherwise as
    ///   ``handle(_:_:)``.
    @discardableResult
    public func handle(
        batch commands: [Command], _ request: WriteRequest, kind: String, source: String? = nil, progress: ((Int) -> Void)? = nil
    ) throws -> WriteOutcome {
        guard !commands.isEmpty else {
            throw LedgerError(code: .invalidInput, message: "nothing to write: no commands were given")
        }
        let fingerprint = source.map { CommandFingerprint.digest(ofSource: $0, request, kind: kind) }
            ?? CommandFingerprint.digest(of: commands, request, kind: kind)
        return try handle(batch: CommandBatch(commands), request, kind: kind, fingerprint: fingerprint, bulk: true, keepEvents: true, progress: progress)
    }

    /// Decides a batch handed over in chunks (an import read from its file as it goes), as
    /// ``handle(batch:_:kind:source:progress:)`` does: each chunk's streams are read, its
    /// commands decided in order against everything before them, and its events sent to
    /// the server's staging table; one append of them all ends it, or nothing if any
    /// command was refused.
    ///
    /// The outcome names the range appended (``WriteOutcome/positions``) and lists no
    /// event, so that an import of any size answers in constant memory.
    ///
    /// - Parameter fingerprint: what stands for the batch under its command id (an
    ///   import's is ``CommandFingerprint/digest(ofSource:_:kind:)`` of its file).
    /// - Throws: as ``handle(batch:_:kind:source:progress:)``.
    @discardableResult
    public func handle(
        batch: CommandBatch, _ request: WriteRequest, kind: String, fingerprint: String, progress: ((Int) -> Void)? = nil
    ) throws -> WriteOutcome {
        try handle(batch: batch, request, kind: kind, fingerprint: fingerprint, bulk: true, keepEvents: false, progress: progress)
    }

    /// Decides `commands` as ``handle(batch:_:kind:source:progress:)`` would and appends
    /// nothing: the events it would append (at position 0), or every refusal.
    ///
    /// - Throws: ``RefusedCommands`` as a real write would.
    public func check(batch commands: [Command], _ request: WriteRequest, kind: String) throws -> [WrittenEvent] {
        guard !commands.isEmpty else { return [] }
        var request = request
        request.commandID = nil
        if request.actor.isEmpty { request.actor = connection.user }
        eventsReadByAttempt = []
        return try connection.withTransaction { _ in
            try decideAndAppend(
                CommandBatch(commands), request, commandID: UUID().uuidString.lowercased(), fingerprint: "", bulk: true, keepEvents: true, progress: nil, attempt: 1,
                dryRun: true, askingLog: false
            )
        }.events
    }

    private func handle(
        batch commands: CommandBatch, _ request: WriteRequest, kind: String, fingerprint: String,
        bulk: Bool, keepEvents: Bool, progress: ((Int) -> Void)?
    ) throws -> WriteOutcome {
        var request = request
        if request.actor.isEmpty {
            request.actor = connection.user  // no --actor: the display name is the login
        }
        let commandID = request.commandID ?? UUID().uuidString.lowercased()
        // An id made here, at random, was never recorded: asking the log about it is a
        // round trip that can only answer "new" (a conflict's retry rolled back its try).
        let recorded = request.commandID != nil
        var lastConflict: EventStoreError?
        // What each attempt read, for the next: after a conflict only the streams that
        // moved are read again, and of those only their new events.
        let cache = StreamCache()
        eventsReadByAttempt = []
        for attempt in 1...maxAttempts {
            do {
                return try connection.withTransaction { _ in
                    try decideAndAppend(
                        commands, request, commandID: commandID, fingerprint: fingerprint, bulk: bulk, keepEvents: keepEvents, progress: progress, attempt: attempt,
                        dryRun: false, askingLog: recorded, cache: cache
                    )
                }
            } catch let error as EventStoreError where isRetryable(error) {
                lastConflict = error
                logger.info("write met a concurrent writer; deciding again", metadata: [
                    "attempt": "\(attempt)", "commandID": "\(commandID)", "conflict": "\(error.message)",
                ])
                if attempt < maxAttempts {
                    Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.03) * Double(attempt))
                }
            } catch let error as PostgresError where error.kind == .connectionLost {
                // COMMIT was sent and the reply lost: the write may or may not be in.
                throw EventStoreError.outcomeUnknown(error, commandID: commandID)
            } catch let error as PostgresError {
                throw storeError(error)
            }
        }
        let stream = lastConflict?.conflict.map { " (stream \($0.stream) kept moving)" } ?? ""
        throw LedgerError(
            code: .conflictUnresolved,
            message: "gave up after \(maxAttempts) attempts: other writers changed what this command read\(stream); nothing was written; run it again",
            underlying: lastConflict
        )
    }

    private func isRetryable(_ error: EventStoreError) -> Bool {
        if error.code == .concurrencyConflict { return true }
        guard let code = error.postgres?.code else { return false }
        return code == .deadlockDetected || code == .serializationFailure
    }

    /// One attempt, inside the transaction.
    ///
    /// - Parameters:
    ///   - bulk: a batch (an import): each chunk's streams are read before its
    ///     commands are decided, and its events sent through the store's bulk path.
    ///   - askingLog: whether the command id may have been recorded before (one the
    ///     caller gave); the append function checks it again either way.
    private func decideAndAppend(
        _ commands: CommandBatch, _ request: WriteRequest, commandID: String, fingerprint: String,
        bulk: Bool, keepEvents: Bool, progress: ((Int) -> Void)?, attempt: Int, dryRun: Bool, askingLog: Bool,
        cache: StreamCache? = nil
    ) throws -> WriteOutcome {
        let log = CommandLog(connection: connection, store: store)
        if askingLog, let first = try log.outcome(of: commandID, fingerprint: fingerprint, keepEvents: keepEvents) {
            return first.with(attempts: attempt)
        }
        var context = request.context
        context.login = Login(connection.user)
        var loader = StreamLoader(store: store, cache: cache)
        // Free text beside the log (schema/015): the --reason is one text for the whole
        // write, sealed once; each event's payload texts are sealed as they are encoded.
        let reason = request.givenReason.map(EventTexts.Sealed.init)
        let metadata = AppendMetadata(
            actor: request.actor, occurredOn: request.occurredOn.description, commandID: commandID,
            fingerprint: fingerprint, correlationID: request.correlationID,
            extra: Self.jsonObject(reason.map { [FreeText.reasonCommitmentKey: $0.commitment] } ?? [:])
        )
        // A batch is numbered and chained here and sent a chunk at a time (schema/016);
        // its names and texts go beside it the same way.
        let chained = bulk && !dryRun ? try store.beginChained(metadata: metadata) : nil
        var side = chained == nil ? nil : try BulkSideRows(connection: connection)
        // The events of the chunk being decided (all of a single command's), and what
        // goes beside them, by the event's index in the chunk.
        var events: [NewEvent] = []
        var names: [(personID: String, name: String, eventIndex: Int)] = []
        var texts: [(entry: EventTexts.Entry, eventIndex: Int)] = []
        // What a batch keeps of every chunk: only where its erasures and redactions (a
        // purge's, never an import's) land, and the events when the caller asks for them.
        var erasures: [(personID: String, position: Int64)] = []
        var redactions: [(eventID: String, field: String, position: Int64)] = []
        var written: [WrittenEvent] = []
        var refusals: [RefusedCommands.Refusal] = []
        var index = 0
        var empty = true
        try commands.forEachChunk { chunk in
            if bulk {
                try loader.prefetch(for: chunk)
            }
            var chunkErasures: [(personID: String, eventIndex: Int)] = []
            var chunkRedactions: [(eventID: String, field: String, eventIndex: Int)] = []
            for command in chunk {
                defer { index += 1 }
                empty = false
                try loader.load(for: command)
                if case .renamePerson(let rename) = command,
                   try PeopleDirectory(connection: connection).name(of: rename.person.rawValue) == rename.name.trimmingCharacters(in: .whitespacesAndNewlines) {
                    refusals.append(RefusedCommands.Refusal(
                        index: index, error: DomainError(.alreadyDone, "\(rename.person) is already named so in the directory; nothing to change")
                    ))
                    continue
                }
                let pending: [PendingEvent]
                do throws(DomainError) {
                    pending = try Self.decide(command, loader, context)
                } catch {
                    refusals.append(RefusedCommands.Refusal(index: index, error: error))
                    continue
                }
                for event in pending {
                    let id = UUID.random()
                    if refusals.isEmpty {
                        let eventIndex = events.count
                        if case .registerPerson(let registration) = command, case .personRegistered = event.event {
                            names.append((registration.person.rawValue, registration.name.trimmingCharacters(in: .whitespacesAndNewlines), eventIndex))
                        }
                        if case .renamePerson(let rename) = command, case .personDetailsChanged = event.event {
                            names.append((rename.person.rawValue, rename.name.trimmingCharacters(in: .whitespacesAndNewlines), eventIndex))
                        }
                        if case .erasePerson(let erase) = command, case .personDetailsErased = event.event {
                            chunkErasures.append((erase.person.rawValue, eventIndex))
                        }
                        if case .redactText(let redact) = command, case .textRedacted = event.event {
                            chunkRedactions.append((redact.eventID.rawValue, redact.field, eventIndex))
                        }
                        let (newEvent, eventTexts) = try Self.newEvent(event, id: id, reason: reason)
                        events.append(newEvent)
                        texts += eventTexts.map { entry in (entry: entry, eventIndex: eventIndex) }
                    }
                    try loader.fold(EventEnvelope(
                        event: event.event, stream: event.stream, position: 0, eventID: EventID(id.uuidString.lowercased()),
                        occurredOn: context.occurredOn, actor: context.actor, login: context.login, reason: context.reason,
                        isPostCloseAdjustment: event.isPostCloseAdjustment
                    ))
                }
            }
            // Once a command is refused nothing is appended: the rest are only decided, to report every refusal.
            if !refusals.isEmpty {
                events.removeAll()
                names.removeAll()
                texts.removeAll()
            } else if let chained {
                let first = chained.nextPosition
                let sent = try chained.send(events) { stream in loader.version(ofStored: stream.rawValue) }
                if keepEvents {
                    written += sent.map { event in
                        WrittenEvent(position: event.position, stream: event.stream.rawValue, version: event.version, eventID: event.eventID, type: event.type)
                    }
                }
                try side?.send(
                    names: names.map { entry in PeopleDirectory.Entry(personID: entry.personID, name: entry.name, position: first + Int64(entry.eventIndex)) },
                    texts: texts.map { text in text.entry }
                )
                erasures += chunkErasures.map { erasure in (personID: erasure.personID, position: first + Int64(erasure.eventIndex)) }
                redactions += chunkRedactions.map { redaction in (eventID: redaction.eventID, field: redaction.field, position: first + Int64(redaction.eventIndex)) }
                events.removeAll(keepingCapacity: true)
                names.removeAll(keepingCapacity: true)
                texts.removeAll(keepingCapacity: true)
            } else {
                // One command (or a dry run): its events stay for the single append below.
                erasures += chunkErasures.map { erasure in (personID: erasure.personID, position: Int64(erasure.eventIndex)) }
                redactions += chunkRedactions.map { redaction in (eventID: redaction.eventID, field: redaction.field, position: Int64(redaction.eventIndex)) }
            }
            progress?(index)
        }
        eventsReadByAttempt.append(loader.eventsRead)
        guard !empty else {
            throw LedgerError(code: .invalidInput, message: "nothing to write: no commands were given")
        }
        if !refusals.isEmpty {
            // The same command may have committed in another process since we looked.
            if askingLog, let first = try log.outcome(of: commandID, fingerprint: fingerprint, keepEvents: keepEvents) {
                return first.with(attempts: attempt)
            }
            throw RefusedCommands(refusals: refusals)
        }
        if dryRun {
            let planned = events.map { event in
                WrittenEvent(position: 0, stream: event.stream.rawValue, version: 0, eventID: event.eventID?.uuidString.lowercased() ?? "", type: event.type)
            }
            return WriteOutcome(events: planned, replayed: false, commandID: commandID, attempts: attempt)
        }
        let expected = Dictionary(uniqueKeysWithValues: loader.expected.map { (EventStore.StreamName($0.key.rawValue), $0.value) })
        if let chained {
            let result = try chained.finish(expecting: expected)
            if result.replayed {
                // Committed by another process with this id since we looked: its outcome.
                if keepEvents, let first = try log.outcome(of: commandID, fingerprint: fingerprint, keepEvents: true) {
                    return first.with(attempts: attempt)
                }
                return WriteOutcome(range: result, commandID: commandID, attempts: attempt)
            }
            try side?.record()
            try recordBeside(erasures: erasures, redactions: redactions)
            return keepEvents
                ? WriteOutcome(events: written, replayed: false, commandID: commandID, attempts: attempt)
                : WriteOutcome(range: result, commandID: commandID, attempts: attempt)
        }
        let result = try store.append(events, expecting: expected, metadata: metadata)
        let appended = result.events.map { event in
            WrittenEvent(position: event.position, stream: event.stream.rawValue, version: event.version, eventID: event.eventID, type: event.type)
        }
        if !result.replayed {
            if !names.isEmpty {
                // Queued, as the texts are: they go out with the COMMIT (or the next statement), one wait fewer.
                try PeopleDirectory(connection: connection).record(names.map { entry in
                    PeopleDirectory.Entry(personID: entry.personID, name: entry.name, position: appended[entry.eventIndex].position)
                }, queued: true)
            }
            try EventTexts(connection: connection).record(texts.map { text in text.entry })
            // Until the append, a single write's erasures and redactions held event indexes.
            try recordBeside(
                erasures: erasures.map { erasure in (personID: erasure.personID, position: appended[Int(erasure.position)].position) },
                redactions: redactions.map { redaction in (eventID: redaction.eventID, field: redaction.field, position: appended[Int(redaction.position)].position) }
            )
        }
        return WriteOutcome(events: appended, replayed: result.replayed, commandID: commandID, attempts: attempt)
    }

    /// Empties erased people's directory entries and removes redacted texts, beside the
    /// events at the positions given (appended in this transaction). The texts of the
    /// write are recorded before: a redaction's notice shows the redaction's own reason.
    private func recordBeside(erasures: [(personID: String, position: Int64)], redactions: [(eventID: String, field: String, position: Int64)]) throws {
        if !erasures.isEmpty {
            try PeopleDirectory(connection: connection).erase(erasures)
        }
        let texts = EventTexts(connection: connection)
        for redaction in redactions {
            try texts.redact(eventID: redaction.eventID, field: redaction.field, position: redaction.position)
        }
    }

    /// Decides `command` on the streams `loader` read, or refuses it because one of them
    /// holds an event this build cannot read: deciding on the rest of the history could
    /// break a rule the unread event holds. Correcting that very event is the way out,
    /// and needs nothing of it but its stored type.
    static func decide(_ command: Command, _ loader: StreamLoader, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        if case .correctEvent(let correction) = command,
           let target = loader.unreadable.first(where: { $0.eventID == correction.eventID.rawValue && $0.stream == correction.stream }) {
            return try Decider.voidUnreadable(correction, type: target.type, given: loader.states, context: context)
        }
        if let blocking = loader.unreadable(in: command.streamsRead(given: loader.states)).first {
            throw DomainError(.unreadableEvent, """
                stream \(blocking.stream) holds an event this build cannot read, at position \(blocking.position) \
                (\(blocking.type), event id \(blocking.eventID)): \(blocking.problem); nothing was written. Commands that \
                read this stream are refused until the event is voided: see `mcledger projections quarantine`, then run \
                `mcledger correct \(blocking.eventID) --reason TEXT` and record the right fact again
                """)
        }
        return try Decider.decide(command, given: loader.states, context: context)
    }

    /// The event to append, its free texts moved beside the log (schema/015), and the
    /// texts to record beside it: its payload's, and the write's reason.
    ///
    /// The payload `reason` of a retirement, reversal or correction is the write's
    /// `--reason`: it is sealed with the same salt, so the event's one `reason` row
    /// matches both its payload's and its metadata's commitment.
    static func newEvent(_ pending: PendingEvent, id: UUID, reason: EventTexts.Sealed?) throws -> (NewEvent, [EventTexts.Entry]) {
        let eventID = id.uuidString.lowercased()
        var sealed: [EventTexts.Entry] = []
        var mismatch = false
        let encoded = pending.event.encodeBesideTheLog { field, text in
            if field == FreeText.reasonField, let reason {
                if text != reason.text { mismatch = true }
                return reason.commitment
            }
            let seal = EventTexts.Sealed(text)
            sealed.append(EventTexts.Entry(eventID: eventID, field: field, sealed: seal))
            return seal.commitment
        }
        if mismatch {
            throw LedgerError(code: .invalidInput, message: "the \(encoded.type) event's reason differs from the reason given; nothing was written")
        }
        if let reason {
            // (A payload reason with no --reason was sealed on its own above.)
            sealed.append(EventTexts.Entry(eventID: eventID, field: FreeText.reasonField, sealed: reason))
        }
        let event = NewEvent(
            stream: EventStore.StreamName(pending.stream.rawValue), type: encoded.type, schemaVersion: encoded.schemaVersion,
            data: encoded.data, eventID: id,
            metadata: pending.isPostCloseAdjustment ? Self.jsonObject([EventCodec.MetadataKey.postCloseAdjustment: true]) : nil
        )
        return (event, sealed)
    }

    static func jsonObject(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The refusals of a batch (an import): which commands, by index, and why.
public struct RefusedCommands: Error, Sendable {
    public struct Refusal: Sendable {
        /// The command's index in the batch.
        public var index: Int
        public var error: DomainError
    }

    public var refusals: [Refusal]
}
