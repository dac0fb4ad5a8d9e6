import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// GUARANTEES 32: the disk under the cluster fills up. The append fails, nothing of it is
/// written, and once space is freed the ledger verifies and holds every acknowledged
/// append; the failed command, retried under its id, lands once.
///
/// The small disk is a tmpfs mounted for the test, which takes root allowed to mount
/// (CAP_SYS_ADMIN; CI runs as root). Where that is not allowed the tests are skipped and
/// print why: faking a full disk (a quota, an LD_PRELOAD) would prove something else.
@Suite(.serialized) struct DiskFullTests {
    /// Whether a small tmpfs can be mounted here; prints the reason (once) when not.
    static let smallFilesystemMountable: Bool = {
        guard let reason = SmallFilesystem.unavailableReason else { return true }
        print("reliability: disk full: skipped: \(reason)")
        return false
    }()

    /// Appends event `index` of a writer under command id `full-<index>`; about 1 KB of
    /// payload, so pages and WAL segments fill in a few hundred appends.
    static func append(_ index: Int, _ store: EventStore, _ log: inout AcknowledgedLog) throws -> AppendResult {
        let data = #"{"n": \#(index), "note": "\#(String(repeating: "ledger line \(index % 10) ", count: 60))"}"#
        let result = try store.append(
            [NewEvent(stream: StreamName("account-\(index % 5)"), type: "Deposited", data: data)],
            metadata: meta(command: "full-\(index)")
        )
        if result.replayed == false || !log.entries.contains(where: { $0.commandID == "full-\(index)" }) {
            log.record(result, commandID: "full-\(index)", data: data)
        }
        return result
    }

    /// The ledger after space came back: every acknowledged event, nothing else, intact.
    static func checkLedger(_ cluster: ThrowawayCluster, _ log: AcknowledgedLog, scenario: String) throws {
        let lost = try withConnection(cluster.configuration(database: "ledger")) { connection in
            let store = EventStore(connection: connection)
            let events = try store.events()
            let lost = log.lost(in: events)
            #expect(lost == 0, "acknowledged events missing or changed: \(lost)")
            #expect(events.count == log.count, "\(events.count) events for \(log.count) acknowledged appends")
            #expect(events.map(\.position) == (1...Int64(events.count)).map { $0 })
            #expect(try store.verify().isIntact)
            return lost
        }
        let verify = try runCLI(["verify", "--database", cluster.uri(database: "ledger")])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        Tally.report(scenario, events: log.count, lost: lost)
    }

    /// The data directory fills; the WAL is elsewhere. Extending a table or index fails
    /// with 53100 in the appending statement, which rolls back: a clean error.
    @Test(.enabled(if: Self.smallFilesystemMountable, "needs root allowed to mount a small tmpfs (CAP_SYS_ADMIN)"))
    func aFullDataDiskFailsTheAppendWith53100AndLosesNothing() throws {
        let disk = try SmallFilesystem(megabytes: 64)
        defer { disk.unmount() }
        let cluster = try ThrowawayCluster(dataDirectory: disk.path + "/data", walDirectory: "wal")
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        var log = AcknowledgedLog()
        try withConnection(cluster.configuration(database: "ledger")) { connection in
            let store = EventStore(connection: connection)
            for index in 0..<50 { _ = try Self.append(index, store, &log) }
            try disk.fill()
            var failure: (index: Int, error: EventStoreError)?
            for index in 50..<20_050 {
                do {
                    _ = try Self.append(index, store, &log)
                } catch let error as EventStoreError {
                    failure = (index, error)
                    break
                }
            }
            guard let failure else {
                Issue.record("20,000 appends fit on a full disk")
                return
            }
            print("reliability: disk full: data disk full after \(log.count) appends: \(failure.error.message)")
            #expect(failure.error.postgres?.code == .diskFull, "\(failure.error)")
            // The person reads what happened and what to do; the server's text (a file
            // path in the data directory) is only in the log's form.
            #expect(failure.error.message.contains("out of resources") && !failure.error.message.contains("No space left"), "\(failure.error)")
            #expect(String(reflecting: failure.error).contains("No space left on device"), "\(String(reflecting: failure.error))")
            // Cleanly: nothing of the failed append, the ledger verifies while still full,
            // and the session is still good.
            #expect(try store.eventCount() == Int64(log.count))
            #expect(try store.verify().isIntact)
            #expect(connection.transactionState == .idle)

            disk.free()
            let retry = try Self.append(failure.index, store, &log)
            #expect(retry.replayed == false)
            #expect(retry.positions == [Int64(log.count)])
            #expect(try Self.append(failure.index, store, &log).replayed)
            for index in (failure.index + 1)..<(failure.index + 20) { _ = try Self.append(index, store, &log) }
        }
        try Self.checkLedger(cluster, log, scenario: "data disk full (53100), then freed")
    }

    /// The administrator's side: `mcledger hours log` on a full data disk. Small events
    /// fit in the pages' last gaps for a while; the write that finds no room exits
    /// non-zero naming the cause and writes nothing, and repeated with its command id once
    /// space is back, it appends once.
    @Test(.enabled(if: Self.smallFilesystemMountable, "needs root allowed to mount a small tmpfs (CAP_SYS_ADMIN)"))
    func theCLIOnAFullDiskSaysSoWritesNothingAndItsRetryLandsOnce() throws {
        let disk = try SmallFilesystem(megabytes: 64)
        defer { disk.unmount() }
        let cluster = try ThrowawayCluster(dataDirectory: disk.path + "/data", walDirectory: "wal")
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        let target = LedgerTarget(cluster, database: "ledger")
        try seedProgram(target, students: 1, leader: true)
        try disk.fill()
        func log(_ session: Int) -> [String] {
            ["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1", "--activity", "Session \(session)",
             "--on", "2026-09-01", "--command-id", "hours-\(session)", "--format", "json"]
        }
        var acknowledged: [String: [Int64]] = [:]
        var failure: (session: Int, result: CLIResult, before: LedgerFingerprint)?
        for session in 1...300 {
            let before = try target.fingerprint()
            let result = try target.run(log(session))
            guard result.status == 0 else {
                failure = (session, result, before)
                break
            }
            acknowledged["hours-\(session)"] = result.appendedPositions
        }
        guard let failure else {
            Issue.record("300 writes fit on a full disk")
            return
        }
        print("reliability: disk full: CLI write \(failure.session) exited \(failure.result.status): \(failure.result.stderr)")
        #expect(failure.result.stderr.contains("out of resources") && !failure.result.stderr.contains("No space left"), "\(failure.result.stderr)")
        // Nothing written, try again later: the database is unavailable for writing (69).
        #expect(failure.result.status == 69, "\(failure.result.stderr)")
        #expect(failure.result.stderr.contains("out of resources"), "\(failure.result.stderr)")
        #expect(failure.result.stdout.isEmpty)
        #expect(try target.fingerprint() == failure.before, "the failed write left something behind")
        #expect(try target.verifies())

        disk.free()
        let retry = try target.run(log(failure.session))
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(!retry.stderr.contains("already recorded"), "\(retry.stderr)")
        #expect(retry.appendedPositions == [Int64(failure.before.headPosition) + 1], "\(retry.stdout)")
        let again = try target.run(log(failure.session))
        #expect(again.stdout == retry.stdout)
        acknowledged["hours-\(failure.session)"] = retry.appendedPositions
        let recorded = try target.withConnection { connection in
            try connection.execute("SELECT command_id, position FROM mcledger.events WHERE type = 'HoursLogged' ORDER BY position").map { ($0.string(0)!, $0.int64(1)!) }
        }
        let kept = Dictionary(grouping: recorded, by: \.0).mapValues { $0.map(\.1) }
        let lost = acknowledged.filter { kept[$0.key] != $0.value }.count
        #expect(lost == 0, "acknowledged writes missing or moved: \(acknowledged.filter { kept[$0.key] != $0.value })")
        #expect(recorded.count == acknowledged.count, "\(recorded.count) hours logged for \(acknowledged.count) acknowledged writes")
        #expect(try target.verifies())
        Tally.report("CLI writes on a full data disk, then freed", events: acknowledged.count, lost: lost)
    }

    /// pg_wal fills (a slot keeps every segment, so the WAL must grow): the server cannot
    /// create the next segment inside a critical section and PANICs. The append's
    /// connection is lost, its outcome unknown; the server recovers once space is freed,
    /// and the retry lands once.
    @Test(.enabled(if: Self.smallFilesystemMountable, "needs root allowed to mount a small tmpfs (CAP_SYS_ADMIN)"))
    func aFullWALDiskPanicsTheServerWhichRecoversWithEveryAcknowledgedAppend() throws {
        let disk = try SmallFilesystem(megabytes: 32)
        defer { disk.unmount() }
        let cluster = try ThrowawayCluster(
            walDirectory: disk.path + "/wal", walSegmentMegabytes: 1,
            settings: ["min_wal_size = 2MB", "max_wal_size = 4MB"]
        )
        defer { cluster.destroy() }
        try cluster.createLedger("ledger")
        // Owned, so that a postmaster that gives up after a failed recovery can be started
        // again (see recover()).
        try cluster.stopImmediately()
        try cluster.startOwned()
        try withConnection(cluster.configuration()) { try $0.execute("SELECT pg_create_physical_replication_slot('hold', true)") }
        let config = cluster.configuration(database: "ledger")
        var log = AcknowledgedLog()
        var failure: (index: Int, error: any Error)?
        try withConnection(config) { connection in
            let store = EventStore(connection: connection)
            for index in 0..<50 { _ = try Self.append(index, store, &log) }
            try disk.fill(sparing: 2 << 20)
            for index in 50..<20_050 {
                do {
                    _ = try Self.append(index, store, &log)
                } catch {
                    failure = (index, error)
                    break
                }
            }
        }
        guard let failure else {
            Issue.record("20,000 appends fit on a full WAL disk")
            return
        }
        let code = (failure.error as? EventStoreError)?.code
        print("reliability: disk full: WAL disk full after \(log.count) appends: \(failure.error)")
        #expect(code == .outcomeUnknown, "\(failure.error)")
        disk.free()
        try cluster.recover()
        let panics = ((try? String(contentsOfFile: cluster.logPath, encoding: .utf8)) ?? "").components(separatedBy: "PANIC:").count - 1
        #expect(panics >= 1, "the server did not PANIC: \(cluster.logTail())")
        try withConnection(cluster.configuration()) { try $0.execute("SELECT pg_drop_replication_slot('hold')") }
        try withConnection(config) { connection in
            let store = EventStore(connection: connection)
            let before = try store.eventCount()
            #expect(before == Int64(log.count) || before == Int64(log.count) + 1, "\(before) events for \(log.count) acknowledged appends")
            let committed = before == Int64(log.count) + 1
            let retry = try Self.append(failure.index, store, &log)
            #expect(retry.replayed == committed)
            #expect(try Self.append(failure.index, store, &log).replayed)
            for index in (failure.index + 1)..<(failure.index + 20) { _ = try Self.append(index, store, &log) }
            print("reliability: disk full: \(panics) PANIC(s); the failed append had \(retry.replayed ? "" : "not ")committed")
        }
        try Self.checkLedger(cluster, log, scenario: "WAL disk full (PANIC), then freed and recovered")
    }
}
