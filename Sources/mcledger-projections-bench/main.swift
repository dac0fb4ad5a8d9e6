// mcledger-projections-bench: how fast the read models rebuild from a large ledger, in how
// much memory, and how fast the roster and compliance queries answer from them.
//
// Run it with scripts/bench-projections (release build, throwaway cluster). It writes a
// realistic ledger (many programs' worth of communities over several academic years:
// people, memberships with yearly turnover, gatherings, meetings, hours, training,
// stipends) with EventStore.appendBulk, one business day per append, then rebuilds every
// projection from position 0 and times queries against the result.

import EventCodec
import EventStore
import Foundation
import Mentoring
import Postgres
import Projections
import Migrations

let arguments = CommandLine.arguments
func value(after flag: String) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let targetEvents = Int(value(after: "--events") ?? "") ?? 1_000_000
let years = Int(value(after: "--years") ?? "") ?? 5
let queries = Int(value(after: "--queries") ?? "") ?? 300
let rounds = Int(value(after: "--rounds") ?? "") ?? 3
let keep = arguments.contains("--keep")
/// Set in the child process that measures, so its memory holds nothing of the generator.
let measuring = arguments.contains("--measure")

/// Prints a line at once (unbuffered), so progress shows while a long phase runs.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func residentMegabytes(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
    }
    return 0
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

let benchDatabase = "mcledger_projections_bench"
let admin = try Connection.connect(ConnectionConfiguration().with("dbname", "postgres"))
if !measuring {
    try admin.simpleQuery("DROP DATABASE IF EXISTS \(benchDatabase) WITH (FORCE)")
    try admin.simpleQuery("CREATE DATABASE \(benchDatabase)")
}
let connection = try Connection.connect(ConnectionConfiguration().with("dbname", benchDatabase))
try Migrator.all.migrate(connection)
let store = EventStore(connection: connection)
let version = try connection.execute("SELECT version()").first!.string(0)!
if !measuring { say("mcledger projections bench — \(version.split(separator: ",").first!)") }

// MARK: The ledger

/// Events of one academic year, by business day.
struct Calendar {
    var days: [Day: [NewEvent]] = [:]

    mutating func add(_ day: Day, _ stream: Mentoring.StreamName, _ event: Event) {
        let (type, version, data) = event.encode()
        days[day, default: []].append(NewEvent(stream: StreamName(stream.rawValue), type: type, schemaVersion: version, data: String(decoding: data, as: UTF8.self)))
    }
}

func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Day { try! Day(year: year, month: month, day: dayOfMonth) }
func hours(_ text: String) -> Hours { try! Hours(text) }

let focuses: [Focus] = [.latinx, .africanAmerican, .asian, .asian, .firstGeneration, .lgbtq, .longDistance, .longDistance] + Array(repeating: .general, count: 12)
let firstYear = 2026 - years
// About 95 events per community-year plus 70 to set it up: enough communities to reach the target.
let communityCount = max(1, targetEvents / (70 + 95 * years))
var generator = SystemRandomNumberGenerator()
var written = 0
var appendSeconds = 0.0

@MainActor func append(_ calendar: Calendar) throws {
    for (day, events) in calendar.days.sorted(by: { $0.key < $1.key }) {
        var start = 0
        while start < events.count {
            let slice = Array(events[start..<min(events.count, start + 50_000)])
            appendSeconds += try seconds {
                try store.appendBulk(slice, metadata: AppendMetadata(actor: "bench", occurredOn: day.description))
            }
            start += slice.count
            written += slice.count
        }
    }
}

var students: [[PersonID]] = Array(repeating: [], count: communityCount)
for yearIndex in 0..<(measuring ? 0 : years) {
    let start = firstYear + yearIndex
    let academicYear = AcademicYear(startYear: start)
    var calendar = Calendar()
    for c in 0..<communityCount {
        let id = try! CommunityID("c-\(c)")
        let stream = Mentoring.StreamName.community(id)
        let leaders = (0..<2).map { try! PersonID("f-\(c)-\($0)") }
        if yearIndex == 0 {
            calendar.add(day(start, 7, 1), .program, .communityEstablished(CommunityEstablished(community: id, name: "Community \(c)", focus: focuses[c % focuses.count])))
            for leader in leaders {
                calendar.add(day(start, 7, 1), .person(leader), .personRegistered(PersonRegistered(person: leader, role: .faculty, residencyCompleted: 2005)))
                calendar.add(day(start, 7, 2), stream, .leaderAppointed(LeaderAppointed(community: id, leader: leader)))
            }
            for r in 0..<3 {
                let resident = try! PersonID("r-\(c)-\(r)")
                calendar.add(day(start, 7, 1), .person(resident), .personRegistered(PersonRegistered(person: resident, role: .resident)))
                calendar.add(day(start, 7, 3), stream, .residentJoined(ResidentJoined(community: id, resident: resident)))
            }
            let staff = try! PersonID("st-\(c)")
            calendar.add(day(start, 7, 1), .person(staff), .personRegistered(PersonRegistered(person: staff, role: .staff)))
            calendar.add(day(start, 7, 3), stream, .staffLiaisonAssigned(StaffLiaisonAssigned(community: id, staff: staff)))
        }
        // Yearly turnover: the oldest class leaves, a new one joins.
        let leaving = yearIndex == 0 ? [] : Array(students[c].prefix(6))
        for student in leaving {
            calendar.add(day(start, 7, 1), stream, .studentLeft(StudentLeft(community: id, student: student)))
            calendar.add(day(start, 7, 1), .person(student), .studentReleased(StudentReleased(student: student, community: id)))
        }
        students[c].removeFirst(leaving.count)
        for k in 0..<(yearIndex == 0 ? 18 : 6) {
            let student = try! PersonID("s-\(c)-\(start)-\(k)")
            calendar.add(day(start, 7, 1), .person(student), .personRegistered(PersonRegistered(person: student, role: .student, classOf: start + 4)))
            calendar.add(day(start, 8, 1), stream, .studentJoined(StudentJoined(community: id, student: student)))
            calendar.add(day(start, 8, 1), .person(student), .studentPlaced(StudentPlaced(student: student, community: id)))
            students[c].append(student)
        }
        if yearIndex == 0 {
            for leader in leaders { calendar.add(day(start, 7, 20), .person(leader), .trainingCompleted(TrainingCompleted(person: leader, hours: hours("1.5")))) }
        }
        for g in 0..<6 {
            let month = [9, 10, 11, 2, 3, 4][g]
            calendar.add(day(month >= 7 ? start : start + 1, month, 5 + Int.random(in: 0..<20, using: &generator)), stream,
                         .gatheringHeld(GatheringHeld(community: id, kind: .journalClub, hours: hours("2"), facilitator: leaders[g % 2], attendees: Array(students[c].prefix(10)))))
        }
        for m in 0..<20 {
            let month = [12, 1, 2, 3, 4, 5][m % 6]
            calendar.add(day(month == 12 ? start : start + 1, month, 1 + Int.random(in: 0..<28, using: &generator)), stream,
                         .meetingHeld(MeetingHeld(community: id, leader: leaders[m % 2], mode: .individual, students: [students[c][m % students[c].count]], hours: hours("0.5"))))
        }
        for h in 0..<40 {
            let month = [7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6][h % 12]
            calendar.add(day(month >= 7 ? start : start + 1, month, 1 + Int.random(in: 0..<28, using: &generator)), stream,
                         .hoursLogged(HoursLogged(community: id, leader: leaders[h % 2], hours: hours("0.25"), activity: "office hours")))
        }
        calendar.add(day(start + 1, 5, 10), stream, .stipendRequested(StipendRequested(community: id, year: academicYear, payee: leaders[0], amount: Cents(250_000))))
        calendar.add(day(start + 1, 5, 12), stream, .stipendApproved(StipendApproved(community: id, year: academicYear, payee: leaders[0])))
        calendar.add(day(start + 1, 5, 20), stream, .stipendPaid(StipendPaid(community: id, year: academicYear, payee: leaders[0], amount: Cents(250_000), reference: "PO-\(c)-\(start)")))
    }
    try append(calendar)
    say("wrote \(academicYear): \(written) events so far")
}
if !measuring {
    say("ledger: \(written) events, \(communityCount) communities, \(years) academic years (\(firstYear)-\(firstYear + years - 1)); appendBulk \(Int(Double(written) / appendSeconds)) events/s")
    try connection.simpleQuery("VACUUM ANALYZE mcledger.events")
    connection.close()
    // Measure in a fresh process: its memory holds nothing of the generator.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = Array(CommandLine.arguments.dropFirst()) + ["--measure"]
    try child.run()
    child.waitUntilExit()
    if !keep { try admin.simpleQuery("DROP DATABASE IF EXISTS \(benchDatabase) WITH (FORCE)") }
    admin.close()
    exit(child.terminationStatus)
}

// MARK: Rebuild

// The bench is an edge: it reads the clock itself, as the CLI does.
let today: Day = {
    let parts = Foundation.Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return try! Day(year: parts.year!, month: parts.month!, day: parts.day!)
}()
let runner = ProjectionRunner(connection: connection, today: today)
final class Sampler: @unchecked Sendable {
    // @unchecked: `samples` and `running` are only touched under `lock`.
    let lock = NSLock()
    var samples: [Double] = []
    var running = true
}
let sampler = Sampler()
let thread = Thread { [sampler] in
    while sampler.lock.withLock({ sampler.running }) {
        let rss = residentMegabytes("VmRSS")
        sampler.lock.withLock { sampler.samples.append(rss) }
        Thread.sleep(forTimeInterval: 0.5)
    }
}
// Reset the peak-RSS watermark so the figure is the rebuild's own.
try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
let baseline = residentMegabytes("VmRSS")
thread.start()
var report: ProjectionRunner.RebuildReport?
let rebuildSeconds = try seconds { report = try runner.rebuild() }
sampler.lock.withLock { sampler.running = false }
let peak = residentMegabytes("VmHWM")
// A short rebuild (a small --events) may end before the sampler's first tick.
let samples = sampler.lock.withLock { sampler.samples } + [residentMegabytes("VmRSS")]
let quarters = (1...4).map { samples[max(0, min(samples.count - 1, samples.count * $0 / 4 - 1))] }
let head = report!.head

// More rounds of the full rebuild, each after a raw read of the same rows: the machine is
// shared, so the figure to read is the median and its ratio to the raw read.
@MainActor func rawRead() throws -> Double {
    try seconds {
        var bytes = 0
        try connection.stream("SELECT position, stream, event_id::text, type, schema_version, data::text, metadata::text, actor, to_char(occurred_on, 'YYYY-MM-DD') FROM mcledger.events WHERE position <= $1 ORDER BY position", [head]) { row in
            bytes &+= row.withBytes(5) { $0?.count ?? 0 }
        }
        precondition(bytes > 0)
    }
}
var rawRates = [Double(head) / (try rawRead())]
var rebuildRates = [Double(head) / rebuildSeconds]
for _ in 1..<max(1, rounds) {
    rawRates.append(Double(head) / (try rawRead()))
    rebuildRates.append(Double(head) / (try seconds { try runner.rebuild() }))
}
func median(_ values: [Double]) -> Double { percentile(values, 0.5) }
say("")
say("rebuild (roster, compliance, audit) of \(head) events, \(rebuildRates.count) rounds, medians")
say("  raw single-row read of the same rows  \(Int(median(rawRates))) events/s (the columns a rebuild reads, no decoding)")
say("  full rebuild                          \(Int(median(rebuildRates))) events/s   ratio \(String(format: "%.2f", median(rebuildRates) / median(rawRates)))×   (target ≥ 150000; rounds: \(rebuildRates.map { "\(Int($0 / 1000))k" }.joined(separator: ", ")))")
if let figures = value(after: "--figures") {
    // One JSON object a line; scripts/bench gathers the lines of both benches (see mcledger-bench's Figures.swift).
    let line = #"{"name":"rebuild","value":\#(Int(median(rebuildRates))),"unit":"events/s","baseline":\#(Int(median(rawRates))),"ratio":\#(String(format: "%.4g", median(rebuildRates) / median(rawRates)))}"# + "\n"
    if !FileManager.default.fileExists(atPath: figures) { FileManager.default.createFile(atPath: figures, contents: nil) }
    if let handle = FileHandle(forWritingAtPath: figures) {
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try? handle.close()
    }
}
say("  resident memory (first round): \(String(format: "%.0f", baseline)) MB before; \(quarters.map { String(format: "%.0f", $0) }.joined(separator: " → ")) MB at each quarter; peak \(String(format: "%.0f", peak)) MB   (target < 150 MB, flat)")
for projector in ProjectorName.allCases {
    let alone = try seconds { try runner.rebuild([projector]) }
    say("  \(projector.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) alone: \(String(format: "%.1f", alone)) s = \(Int(Double(head) / alone)) events/s (one round)")
}
let rows = try connection.execute("SELECT (SELECT count(*) FROM mcledger.roster_tenures), (SELECT count(*) FROM mcledger.compliance_findings), (SELECT count(*) FROM mcledger.audit_subjects)").first!
say("  rows: \(rows.int64(0)!) tenures, \(rows.int64(1)!) findings, \(rows.int64(2)!) trail entries")

// MARK: Queries

func latencies(_ label: String, _ body: (Int) throws -> Void) rethrows {
    var times: [Double] = []
    for index in 0..<queries { times.append(try seconds { try body(index) } * 1000) }
    say("  \(label.padding(toLength: 52, withPad: " ", startingAt: 0)) p50 \(String(format: "%6.2f", percentile(times, 0.5))) ms   p99 \(String(format: "%6.2f", percentile(times, 0.99))) ms")
}
let pastYear = AcademicYear(startYear: 2026 - 1)
say("")
say("queries (\(queries) each; target p99 < 10 ms)")
try latencies("roster <community>") { index in
    _ = try RosterQuery.roster(connection: connection, community: try! CommunityID("c-\(index * 7919 % communityCount)"), today: today)
}
try latencies("roster <community> --as-of") { index in
    _ = try RosterQuery.roster(connection: connection, community: try! CommunityID("c-\(index * 7919 % communityCount)"), asOf: day(firstYear + 1, 10, 1), today: today)
}
try latencies("compliance --community <c> --year \(pastYear)") { index in
    let report = try ComplianceQuery.findings(connection: connection, year: pastYear, asOf: today, community: try! CommunityID("c-\(index * 7919 % communityCount)"))
    precondition(report.source == .projection)
}
try latencies("compliance --community <c> (this year, today)") { index in
    let report = try ComplianceQuery.findings(connection: connection, year: today.academicYear, asOf: today, community: try! CommunityID("c-\(index * 7919 % communityCount)"))
    precondition(report.source == .projection)
}
let wholeRuns = max(5, queries / 20)
var whole: [Double] = []
var findingsCount = 0
for _ in 0..<wholeRuns {
    whole.append(try seconds { findingsCount = try ComplianceQuery.findings(connection: connection, year: pastYear, asOf: today).findings.count } * 1000)
}
say("  compliance --year \(pastYear), whole program (\(findingsCount) findings)      p50 \(String(format: "%6.2f", percentile(whole, 0.5))) ms   p99 \(String(format: "%6.2f", percentile(whole, 0.99))) ms   (\(wholeRuns) runs)")
var rosterAll: [Double] = []
var memberCount = 0
for _ in 0..<wholeRuns { rosterAll.append(try seconds { memberCount = try RosterQuery.roster(connection: connection, today: today).reduce(0) { $0 + $1.members.count } } * 1000) }
say("  roster, whole program (\(communityCount) communities, \(memberCount) members)   p50 \(String(format: "%6.2f", percentile(rosterAll, 0.5))) ms   p99 \(String(format: "%6.2f", percentile(rosterAll, 0.99))) ms   (\(wholeRuns) runs)")

// MARK: The write path's catch-up

var catchUps: [Double] = []
for index in 0..<50 {
    let id = try! CommunityID("c-\(index * 7919 % communityCount)")
    let leader = try! PersonID("f-\(index * 7919 % communityCount)-0")
    let (type, version, data) = Event.hoursLogged(HoursLogged(community: id, leader: leader, hours: hours("0.5"), activity: "bench")).encode()
    try store.append([NewEvent(stream: StreamName("community-\(id)"), type: type, schemaVersion: version, data: String(decoding: data, as: UTF8.self))],
                     metadata: AppendMetadata(actor: "bench", occurredOn: today.description))
    catchUps.append(try seconds { try runner.catchUp() } * 1000)
}
say("")
say("catch-up after one write (all three projectors)          p50 \(String(format: "%6.2f", percentile(catchUps, 0.5))) ms   p99 \(String(format: "%6.2f", percentile(catchUps, 0.99))) ms")

connection.close()
admin.close()
