// mcledger-bench: the event store's speed against a raw-libpq baseline, in one run.
//
// Run it with scripts/bench (release build, throwaway cluster). The machines are shared
// and noisy, so every figure is the median of several rounds, raw and ours interleaved
// round by round, and each of ours is quoted as a ratio to its raw baseline.

import EventStore
import Foundation
import Postgres
import Migrations

let arguments = CommandLine.arguments
if let figuresFile = value(after: "--summarize") {
    try summarize(figuresFile: figuresFile, json: value(after: "--json"))
    exit(0)
}
/// `--quick`: smaller defaults, so a whole run fits in a few minutes while developing.
let quick = arguments.contains("--quick")
let rounds = Int(value(after: "--rounds") ?? "") ?? (quick ? 3 : 5)
let readEvents = Int(value(after: "--read-events") ?? "") ?? (quick ? 200_000 : 1_000_000)
let singles = Int(value(after: "--singles") ?? "") ?? (quick ? 300 : 1_000)
let batches = Int(value(after: "--batches") ?? "") ?? (quick ? 30 : 100)
let importRows = Int(value(after: "--import-rows") ?? "") ?? (quick ? 20_000 : 100_000)
/// 0 skips the checkpoint phase.
let checkpointEvents = Int(value(after: "--checkpoint-events") ?? "") ?? (quick ? 0 : 10_000)
let cliRuns = Int(value(after: "--cli-runs") ?? "") ?? (quick ? 9 : 15)
let followSeconds = Double(value(after: "--follow-seconds") ?? "") ?? (quick ? 10 : 60)
let followRate = Double(value(after: "--follow-rate") ?? "") ?? 200
let writerSeconds = Double(value(after: "--writers-seconds") ?? "") ?? (quick ? 3 : 10)
let figures = FigureLog(path: value(after: "--figures"))

func value(after flag: String) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// Prints a line at once (unbuffered), so progress shows while a long phase runs.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

let benchDatabase = "mcledger_bench"
let admin = try Connection.connect(ConnectionConfiguration().with("dbname", "postgres"))
try admin.simpleQuery("DROP DATABASE IF EXISTS \(benchDatabase) WITH (FORCE)")
try admin.simpleQuery("CREATE DATABASE \(benchDatabase)")
let connection = try Connection.connect(ConnectionConfiguration().with("dbname", benchDatabase))
try Migrator.all.migrate(connection)
let store = EventStore(connection: connection)

// The baseline table has the events table's columns, keys and checks, and nothing of
// ours: no function, no head row, no hash chain, no command record, no NOTIFY.
try connection.simpleQuery("""
    CREATE TABLE raw_events (LIKE mcledger.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
    CREATE SEQUENCE raw_position;
    """)
let settings = try connection.execute("SELECT current_setting('synchronous_commit'), current_setting('fsync'), version()").first!
say("mcledger bench — \(settings.string(2)!.split(separator: ",").first!)")
say("synchronous_commit=\(settings.string(0)!) fsync=\(settings.string(1)!); \(rounds) rounds, medians; raw = one PQexecParams statement")
say("")

let payload = #"{"community": "c-latinx", "person": "s-2029-ana", "hours": 150, "kind": "journal-club"}"#
let rawInsert = """
    INSERT INTO raw_events (position, stream, version, event_id, type, schema_version, data, metadata, actor, occurred_on, recorded_at, hash)
    VALUES (nextval('raw_position'), $1, $2, gen_random_uuid(), 'GatheringHeld', 1, $3::jsonb, '{}', 'bench', '2026-11-26', now(), sha256($4::bytea))
    """
var rawVersion = 0
var ourStreamCounter = 0

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func rate(_ value: Double) -> String {
    value >= 10_000 ? String(format: "%.0fk", value / 1000) : String(format: "%.0f", value)
}

// A phase whose count is 0 is skipped (and says so): a rate of 0 events in 0 s is no figure.
if singles > 0 {
    // 1. One event per commit.
    var rawSingle: [Double] = []
    var oursSingle: [Double] = []
    for _ in 0..<rounds {
        rawSingle.append(Double(singles) / (try seconds {
            for _ in 0..<singles {
                rawVersion += 1
                try connection.execute(rawInsert, ["raw", rawVersion, payload, "\\x00"])
            }
        }))
        ourStreamCounter += 1
        let stream = StreamName("bench-single-\(ourStreamCounter)")
        oursSingle.append(Double(singles) / (try seconds {
            for index in 0..<singles {
                try store.append(
                    [NewEvent(stream: stream, type: "GatheringHeld", data: payload)],
                    expecting: [stream: index],
                    metadata: AppendMetadata(actor: "bench", occurredOn: "2026-11-26")
                )
            }
        }))
    }
    let singleRatio = median(oursSingle) / median(rawSingle)
    say("one event per commit        raw INSERT      \(rate(median(rawSingle))) events/s")
    say("                            mcledger append \(rate(median(oursSingle))) events/s   ratio \(String(format: "%.2f", singleRatio))×  (target ≥ 0.80×)")
    figures.record(Figure(name: "one_event_commit", value: median(oursSingle), unit: "events/s", baseline: median(rawSingle), ratio: singleRatio))

    // 1b. One event with free text off and on (issue 15, schema/015): the same one-event
    // write, a HoursLogged with its activity and the command's reason, each in its own
    // transaction. Off: the text inline in the event, as before the cut-over (the bench
    // connects as a superuser, whom the registry lets write version 1). On: what the write
    // path does since: a salted SHA-256 commitment to each text in the event (version 2,
    // "texts" and metadata reasonSha256) and the texts recorded beside it through
    // mcledger.record_texts, which checks each against its commitment, queued to go out
    // with the COMMIT as the write path sends it. Interleaved round by round; the issue
    // wants the commitments to cost at most 5 %.
    let textStreamBase = "community-c-bench-text"
    var textOff: [Double] = []
    var textOn: [Double] = []
    for round in 0..<rounds {
        let offStream = StreamName("\(textStreamBase)-off-\(round)")
        textOff.append(Double(singles) / (try seconds {
            for index in 0..<singles {
                try connection.withTransaction { tx in
                    try EventStore(connection: tx).append(
                        [NewEvent(stream: offStream, type: "HoursLogged", schemaVersion: 1,
                                  data: #"{"activity":"office hours after Ana R.'s leave","community":"c-bench","hours":"0.25","leader":"f-bench"}"#)],
                        expecting: [offStream: index],
                        metadata: AppendMetadata(actor: "bench", occurredOn: "2026-11-26", extra: #"{"reason":"moved at Ana R.'s request"}"#)
                    )
                }
            }
        }))
        let onStream = StreamName("\(textStreamBase)-on-\(round)")
        textOn.append(Double(singles) / (try seconds {
            for index in 0..<singles {
                let activity = SealedText("office hours after Ana R.'s leave")
                let reason = SealedText("moved at Ana R.'s request")
                let id = UUID()
                try connection.withTransaction { tx in
                    try EventStore(connection: tx).append(
                        [NewEvent(stream: onStream, type: "HoursLogged", schemaVersion: 2,
                                  data: #"{"community":"c-bench","hours":"0.25","leader":"f-bench","texts":{"activity":"\#(activity.commitment)"}}"#,
                                  eventID: id)],
                        expecting: [onStream: index],
                        metadata: AppendMetadata(actor: "bench", occurredOn: "2026-11-26", extra: #"{"reasonSha256":"\#(reason.commitment)"}"#)
                    )
                    let event = id.uuidString.lowercased()
                    try tx.executeLater("SELECT mcledger.record_texts($1::jsonb)", [
                        #"[{"eventId":"\#(event)","field":"activity","text":\#(activity.quoted),"salt":"\#(activity.saltHex)"},"#
                            + #"{"eventId":"\#(event)","field":"reason","text":\#(reason.quoted),"salt":"\#(reason.saltHex)"}]"#,
                    ])
                }
            }
        }))
    }
    let textRatio = median(textOn) / median(textOff)
    say("one event, free text        off (inline)    \(rate(median(textOff))) events/s")
    say("                            on (beside)     \(rate(median(textOn))) events/s   ratio \(String(format: "%.3f", textRatio))×  (target ≥ 0.95×: commitments cost ≤ 5 %)")
    figures.record(Figure(name: "append_text_off", value: median(textOff), unit: "events/s"))
    figures.record(Figure(name: "append_text_on", value: median(textOn), unit: "events/s", baseline: median(textOff), ratio: textRatio))
} else {
    say("one event per commit: skipped (--singles 0)")
}

if batches > 0 {
    // 2. One hundred events per commit.
    let rawBatchInsert: String = {
        var sql = "INSERT INTO raw_events (position, stream, version, event_id, type, schema_version, data, metadata, actor, occurred_on, recorded_at, hash) VALUES "
        sql += (0..<100).map { index in
            "(nextval('raw_position'), $1, $2::int + \(index), gen_random_uuid(), 'GatheringHeld', 1, $3::jsonb, '{}', 'bench', '2026-11-26', now(), sha256($4::bytea))"
        }.joined(separator: ", ")
        return sql
    }()
    var rawBatch: [Double] = []
    var oursBatch: [Double] = []
    for _ in 0..<rounds {
        rawBatch.append(Double(batches * 100) / (try seconds {
            for _ in 0..<batches {
                try connection.execute(rawBatchInsert, ["raw-batch", rawVersion + 1, payload, "\\x00"])
                rawVersion += 100
            }
        }))
        ourStreamCounter += 1
        let stream = StreamName("bench-batch-\(ourStreamCounter)")
        let events = (0..<100).map { _ in NewEvent(stream: stream, type: "GatheringHeld", data: payload) }
        oursBatch.append(Double(batches * 100) / (try seconds {
            for index in 0..<batches {
                try store.append(events, expecting: [stream: index * 100], metadata: AppendMetadata(actor: "bench", occurredOn: "2026-11-26"))
            }
        }))
    }
    say("100 events per commit       raw INSERT      \(rate(median(rawBatch))) events/s")
    say("                            mcledger append \(rate(median(oursBatch))) events/s   ratio \(String(format: "%.2f", median(oursBatch) / median(rawBatch)))×  (target ≥ 0.90×)")
    figures.record(Figure(name: "batch_100", value: median(oursBatch), unit: "events/s", baseline: median(rawBatch), ratio: median(oursBatch) / median(rawBatch)))
} else {
    say("100 events per commit: skipped (--batches 0)")
}

// 3. Reading the whole log.
let existing = try store.head().position
let toAdd = max(0, readEvents - Int(existing))
if toAdd > 0 {
    let fill = try seconds {
        var added = 0
        var batchNumber = 0
        while added < toAdd {
            let size = min(1000, toAdd - added)
            batchNumber += 1
            let stream = StreamName("bench-fill-\(batchNumber % 500)")
            let events = (0..<size).map { _ in NewEvent(stream: stream, type: "GatheringHeld", data: payload) }
            try store.append(events, metadata: AppendMetadata(actor: "bench", occurredOn: "2026-11-26"))
            added += size
        }
    }
    say("")
    say("filled the log to \(readEvents) events in \(String(format: "%.1f", fill)) s (1000-event appends: \(rate(Double(toAdd) / fill)) events/s)")
}

func residentMegabytes(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
    }
    return 0
}

// The earlier phases may already have written more than --read-events: read them all.
let logEvents = max(readEvents, Int(existing))
// An empty log (--read-events 0 with nothing written before) has nothing to read.
if logEvents > 0 {
    var rawRead: [Double] = []
    var oursRead: [Double] = []
    var samples: [Double] = []
    var peak = 0.0
    for round in 0..<max(1, rounds / 2) {
        rawRead.append(Double(logEvents) / (try seconds {
            var bytes = 0
            try connection.stream("SELECT position, stream, data FROM mcledger.events ORDER BY position") { row in
                bytes &+= row.withBytes(2) { $0?.count ?? 0 }
            }
            precondition(bytes > 0)
        }))
        // Reset the peak-RSS watermark so the figure is readAll's own.
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        var count = 0
        oursRead.append(Double(logEvents) / (try seconds {
            try store.readAll { event in
                count += 1
                if round == 0 && count % max(1, logEvents / 4) == 0 { samples.append(residentMegabytes("VmRSS")) }
            }
        }))
        precondition(count == logEvents, "read \(count) of \(logEvents)")
        peak = max(peak, residentMegabytes("VmHWM"))
    }
    say("")
    say("read the log (\(logEvents) events, streamed)")
    say("                            raw single-row   \(rate(median(rawRead))) events/s (3 columns, no decoding)")
    say("                            readAll          \(rate(median(oursRead))) events/s   ratio \(String(format: "%.2f", median(oursRead) / median(rawRead)))×  (target ≥ 0.60×)")
    figures.record(Figure(name: "read_all", value: median(oursRead), unit: "events/s", baseline: median(rawRead), ratio: median(oursRead) / median(rawRead)))
    say("                            resident memory  \(samples.map { String(format: "%.0f", $0) }.joined(separator: " → ")) MB at each quarter; peak \(String(format: "%.0f", peak)) MB")
} else {
    say("")
    say("read the log: skipped (the log is empty)")
}

// 3b. Checkpoints and proofs over the whole log (issue 13): integrating new events into
// the Merkle tree and signing, a heartbeat, proofs, and verify --checkpoint.
if checkpointEvents > 0 {
    let signer = try NoteSigner(name: "bench", seed: Array(repeating: 7, count: 32))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-bench-cp-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func checkpointRound() throws -> Int64 {
        let size = try store.integrateMerkleTree()
        let root = try store.merkleRoot(size: size)
        let checkpoint = Checkpoint(origin: "bench/ledger", size: size, root: root)
        let note = try SignedNote.sign(checkpoint.body, with: signer)
        try Data(note.serialized.utf8).write(to: folder.appendingPathComponent(String(size)), options: .atomic)
        try Data(note.serialized.utf8).write(to: folder.appendingPathComponent("latest"), options: .atomic)
        try store.recordCheckpoint(checkpoint, note: note, signer: signer.verifier)
        return size
    }
    var first: Int64 = 0
    let initial = try seconds { first = try checkpointRound() }
    say("")
    say("checkpoints (\(first) events)")
    say("                            first checkpoint (whole log into the tree)  \(String(format: "%.1f", initial)) s")
    var incremental: [Double] = []
    var heartbeats: [Double] = []
    var size = first
    for round in 0..<max(1, rounds / 2) {
        var added = 0
        while added < checkpointEvents {
            let count = min(1000, checkpointEvents - added)
            let stream = StreamName("bench-cp-\(round)-\(added)")
            try store.append((0..<count).map { _ in NewEvent(stream: stream, type: "GatheringHeld", data: payload) }, metadata: AppendMetadata(actor: "bench", occurredOn: "2026-11-26"))
            added += count
        }
        incremental.append(try seconds { size = try checkpointRound() })
        heartbeats.append(try seconds {
            let unchanged = try store.integrateMerkleTree()
            let root = try store.merkleRoot(size: unchanged)
            let last = try store.latestCheckpoint()
            precondition(last?.size == unchanged && last?.root == root)
        })
    }
    say("                            after \(checkpointEvents) new events           \(String(format: "%.0f", median(incremental) * 1000)) ms   (target < 1 s)")
    say("                            heartbeat, nothing new            \(String(format: "%.1f", median(heartbeats) * 1000)) ms   (target < 100 ms)")
    var generator = SystemRandomNumberGenerator()
    var inclusion: [Double] = []
    var consistency: [Double] = []
    var longestInclusion = 0
    var longestConsistency = 0
    let root = try store.merkleRoot(size: size)
    for _ in 0..<21 {
        let index = Int64.random(in: 0..<size, using: &generator)
        var path: [[UInt8]] = []
        var leafHash: [UInt8] = []
        inclusion.append(try seconds {
            path = try store.inclusionProof(index: index, size: size)
            leafHash = Merkle.leafHash(try store.chainHashes([index + 1])[index + 1]!.hash)
        })
        precondition(Merkle.verifyInclusion(leafHash: leafHash, index: index, size: size, path: path, root: root))
        longestInclusion = max(longestInclusion, path.count)
        let old = Int64.random(in: 1..<size, using: &generator)
        var proof: [[UInt8]] = []
        var oldRoot: [UInt8] = []
        consistency.append(try seconds {
            proof = try store.consistencyProof(old: old, new: size)
            oldRoot = try store.merkleRoot(size: old)
        })
        precondition(Merkle.verifyConsistency(oldSize: old, oldRoot: oldRoot, newSize: size, newRoot: root, path: proof))
        longestConsistency = max(longestConsistency, proof.count)
    }
    say("                            inclusion proof (median of 21)    \(String(format: "%.1f", median(inclusion) * 1000)) ms, at most \(longestInclusion) hashes   (target < 50 ms, ≤ 21)")
    say("                            consistency proof (median of 21)  \(String(format: "%.1f", median(consistency) * 1000)) ms, at most \(longestConsistency) hashes   (target < 50 ms)")
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    var report: VerificationReport?
    let verifySeconds = try seconds { report = try store.verify(rootSizes: [first, size]) }
    precondition(report?.isIntact == true && report?.roots[size] == root)
    say("                            verify with 2 checkpoints         \(String(format: "%.1f", verifySeconds)) s for \(report!.rows) events, peak \(String(format: "%.0f", residentMegabytes("VmHWM"))) MB   (target ≤ 60 s, memory flat)")
    let tree = try connection.execute("SELECT pg_size_pretty(pg_total_relation_size('mcledger.merkle_nodes')), count(*) FROM mcledger.merkle_nodes").first!
    say("                            mcledger.merkle_nodes             \(tree.string(0)!) (\(tree.string(1)!) rows)")
}

// 4. Importing a roster: the CLI end to end (read, validate every row against the
// program's rules, COPY, chain) against a raw COPY of as many rows.
let importBinary = ProcessInfo.processInfo.environment["MCLEDGER_BIN"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
if importBinary == nil && importRows > 0 {
    say("")
    say("import: skipped, $MCLEDGER_BIN does not name a built mcledger (scripts/bench builds one)")
}
if let binary = importBinary, importRows > 0 {
    let importDatabase = "mcledger_bench_import"
    try admin.simpleQuery("DROP DATABASE IF EXISTS \(importDatabase) WITH (FORCE)")
    try admin.simpleQuery("CREATE DATABASE \(importDatabase)")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func cli(_ arguments: [String], writes: Bool = true) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + ["--database", "dbname=\(importDatabase)"] + (writes ? ["--on", "2026-08-15", "--actor", "bench"] : [])
        process.standardOutput = FileHandle.nullDevice
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: ["arguments": arguments]) }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    let communities = 20
    try cli(["db", "migrate"], writes: false)
    try cli(["policy", "set", "2026-27", "--students", "6-\(importRows)", "--focus", "general=1-20", "--communities", "1-20"])
    for index in 0..<communities {
        try cli(["community", "establish", "c-\(index)", "--name", "Community \(index)", "--focus", "general"])
    }
    var people = "id,name,role,class_of\n"
    var roster = "community,person,role\n"
    for index in 0..<importRows {
        people += "s-\(index),Student \(index),student,2029\n"
        roster += "c-\(index % communities),s-\(index),student\n"
    }
    let peopleFile = folder.appendingPathComponent("people.csv")
    let rosterFile = folder.appendingPathComponent("roster.csv")
    try people.write(to: peopleFile, atomically: true, encoding: .utf8)
    try roster.write(to: rosterFile, atomically: true, encoding: .utf8)
    let peopleSeconds = try cli(["import", "people", peopleFile.path])
    let rosterSeconds = try cli(["import", "roster", rosterFile.path])

    let rawConnection = try Connection.connect(ConnectionConfiguration().with("dbname", importDatabase))
    try rawConnection.simpleQuery("CREATE TABLE raw_events (LIKE mcledger.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)")
    let rawSeconds = try seconds {
        try rawConnection.copyIn("COPY raw_events (position, stream, version, event_id, type, schema_version, data, metadata, actor, occurred_on, recorded_at, hash) FROM STDIN") { writer in
            for index in 0..<importRows {
                try writer.append([
                    String(index + 1), "community-c-\(index % communities)", String(index / communities + 1),
                    UUID().uuidString.lowercased(), "StudentJoined", "1", #"{"community": "c-\#(index % communities)", "student": "s-\#(index)"}"#,
                    "{}", "bench", "2026-08-15", "2026-08-15 12:00:00+00", "\\x" + String(repeating: "00", count: 32),
                ])
            }
        }
    }
    rawConnection.close()
    try admin.simpleQuery("DROP DATABASE IF EXISTS \(importDatabase) WITH (FORCE)")
    say("")
    say("import \(importRows) rows through the CLI (validate, COPY, chain; a process each)")
    say("                            raw COPY         \(rate(Double(importRows) / rawSeconds)) rows/s")
    say("                            import people    \(rate(Double(importRows) / peopleSeconds)) rows/s   ratio \(String(format: "%.2f", rawSeconds / peopleSeconds))×")
    say("                            import roster    \(rate(Double(importRows) / rosterSeconds)) rows/s   ratio \(String(format: "%.2f", rawSeconds / rosterSeconds))×  (target ≥ 0.40×; a roster row is two events)")
    figures.record(Figure(name: "import_people", value: Double(importRows) / peopleSeconds, unit: "rows/s", baseline: Double(importRows) / rawSeconds, ratio: rawSeconds / peopleSeconds))
    figures.record(Figure(name: "import_roster", value: Double(importRows) / rosterSeconds, unit: "rows/s", baseline: Double(importRows) / rawSeconds, ratio: rawSeconds / rosterSeconds))
}

// 5. mcledger as it runs: one CLI command end to end against psql, eight writers at once
// against one (beside pgbench), and projections follow's lag from commit to an auditor.
if let binary = importBinary {
    let liveDatabase = "mcledger_bench_live"
    let communities = 8
    try prepareLiveDatabase(liveDatabase, communities: communities, binary: binary)
    defer { try? admin.simpleQuery("DROP DATABASE IF EXISTS \(liveDatabase) WITH (FORCE)") }

    if cliRuns > 0 {
        let (ours, psql, withText) = try measureCLICommand(database: liveDatabase, binary: binary, runs: cliRuns)
        say("")
        say("one administrator command end to end (process start, connect, decide, append, catch-up, print; \(cliRuns) runs each, alternating)")
        say("                            psql -c INSERT   \(String(format: "%.1f", psql)) ms")
        say("                            person register  \(String(format: "%.1f", ours)) ms   ratio \(String(format: "%.2f", ours / psql))× of psql's time  (target ≤ 1.20×)")
        say("                            with --reason    \(String(format: "%.1f", withText)) ms   ratio \(String(format: "%.3f", withText / ours))× of the same command without free text  (target ≤ 1.05×)")
        figures.record(Figure(name: "cli_one_command", value: ours, unit: "ms", baseline: psql, ratio: ours / psql))
        // Issue 15: the one-event command with free text off and on (the reason sealed
        // into the event and recorded beside it), same run, medians.
        figures.record(Figure(name: "one_event_text_off", value: ours, unit: "ms"))
        figures.record(Figure(name: "one_event_text_on", value: withText, unit: "ms", baseline: ours, ratio: withText / ours))
    }

    if writerSeconds > 0 {
        let one = try measureWriters(count: 1, seconds: writerSeconds, database: liveDatabase)
        let eight = try measureWriters(count: communities, seconds: writerSeconds, database: liveDatabase)
        let pgOne = try measurePgbench(clients: 1, seconds: writerSeconds, database: liveDatabase)
        let pgEight = try measurePgbench(clients: communities, seconds: writerSeconds, database: liveDatabase)
        say("")
        say("writers at once, one event per commit, each on its own community (\(String(format: "%.0f", writerSeconds)) s each)")
        if let pgOne, let pgEight {
            say("                            pgbench 1 client     \(rate(pgOne)) tx/s;  8 clients \(rate(pgEight)) tx/s   speedup \(String(format: "%.2f", pgEight / pgOne))×")
        } else {
            say("                            pgbench: not installed (postgresql-contrib); no baseline")
        }
        say("                            mcledger 1 writer    \(rate(one)) events/s;  8 writers \(rate(eight)) events/s   speedup \(String(format: "%.2f", eight / one))×  (target ≥ 3×)")
        let baseline = pgOne.flatMap { one in pgEight.map { $0 / one } }
        figures.record(Figure(name: "writers_8_speedup", value: eight / one, unit: "x", baseline: baseline, ratio: baseline.map { eight / one / $0 }))
    }

    if followSeconds > 0 {
        let lags = try measureFollowLag(database: liveDatabase, binary: binary, rate: followRate, seconds: followSeconds, communities: communities)
        let p50 = percentileOf(lags, 0.5)
        let p99 = percentileOf(lags, 0.99)
        say("")
        say("projections follow: commit → row visible to an auditor's query (\(lags.count) events at \(Int(followRate))/s for \(Int(followSeconds)) s)")
        say("                            p50 \(String(format: "%.1f", p50)) ms   p99 \(String(format: "%.1f", p99)) ms   max \(String(format: "%.1f", lags.max() ?? .nan)) ms  (target p99 < 50 ms)")
        figures.record(Figure(name: "follow_lag_p50_ms", value: p50, unit: "ms"))
        figures.record(Figure(name: "follow_lag_p99_ms", value: p99, unit: "ms"))
    }
}

connection.close()
try admin.simpleQuery("DROP DATABASE IF EXISTS \(benchDatabase) WITH (FORCE)")
admin.close()
