import Foundation
import Postgres
import Testing
import TestSupport

/// Runs `mcledger ARGS --database <db>` as the coordinator (or `actor`).
@discardableResult
func cli(_ db: TestDatabase, _ arguments: [String], actor: String = "coordinator", environment: [String: String] = [:]) throws -> CLIResult {
    var env = environment
    env["MCLEDGER_ACTOR"] = actor
    env["MCLEDGER_TODAY"] = env["MCLEDGER_TODAY"] ?? "2027-07-10"
    // One login per person: the coordinator is the cluster's superuser, anyone else
    // connects as a login of their own (the separation of duties compares logins).
    let database = actor == "coordinator" ? db.uri : try db.uri(login: TestLogins.name(for: actor))
    // Administrators do not write read models; their writes catch up through the
    // projector connection, as a deployment configures it (here the superuser's).
    if actor != "coordinator", env["MCLEDGER_PROJECTOR_URL"] == nil { env["MCLEDGER_PROJECTOR_URL"] = db.uri }
    return try runCLI(arguments + ["--database", database], environment: env)
}

/// A write that must succeed.
func ok(_ db: TestDatabase, _ arguments: [String], actor: String = "coordinator") throws {
    let result = try cli(db, arguments, actor: actor)
    guard result.status == 0 else { throw Failed(message: "mcledger \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)") }
}

struct Failed: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A year 2026-27 of two communities through the CLI: c-latinx meets every rule but
/// has 6 students; c-gen-1 has a leader with an LDR-03 exception, 2 students, one
/// gathering and no meeting. c-latinx's stipend is paid.
func seedYear(_ db: TestDatabase) throws {
    let on = { (day: String) in ["--on", day] }
    try ok(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx"] + on("2026-07-01"))
    try ok(db, ["community", "establish", "c-gen-1", "--name", "General =1", "--focus", "general"] + on("2026-07-01"))
    var people = "id,name,role,class_of,residency_completed\n"
    people += "f-okafor,Dr. Ada Okafor,faculty,,2010\nf-lee,Dr. Min Lee,faculty,,2024\nr-chen,Dr. Wei Chen,resident,,\nst-brown,Pat Brown,staff,,\n"
    for index in 1...8 { people += "s-\(index),Student \(index),student,2029,\n" }
    try ok(db, ["import", "people", try scratchFile(people)] + on("2026-07-01"))
    var roster = "community,person,role,exception\nc-latinx,f-okafor,leader,\nc-latinx,r-chen,resident,\nc-latinx,st-brown,staff,\n"
    roster += "c-gen-1,f-lee,leader,chief resident; teaching award\n"
    for index in 1...6 { roster += "c-latinx,s-\(index),student,\n" }
    roster += "c-gen-1,s-7,student,\nc-gen-1,s-8,student,\n"
    try ok(db, ["import", "roster", try scratchFile(roster)] + on("2026-07-15"))
    try ok(db, ["training", "complete", "f-okafor", "--hours", "1.5"] + on("2026-07-20"))
    try ok(db, ["gathering", "record", "--community", "c-latinx", "--kind", "social", "--hours", "3", "--facilitator", "f-okafor"] + on("2026-10-03"))
    try ok(db, ["gathering", "record", "--community", "c-latinx", "--kind", "journal-club", "--hours", "2.5", "--facilitator", "f-okafor"] + on("2027-04-10"))
    try ok(db, ["gathering", "record", "--community", "c-gen-1", "--kind", "social", "--hours", "2", "--facilitator", "f-lee"] + on("2026-10-05"))
    try ok(db, ["meeting", "record", "--community", "c-latinx", "--leader", "f-okafor", "--mode", "class"]
        + (1...6).flatMap { ["--student", "s-\($0)"] } + ["--hours", "4"] + on("2027-02-01"))
    try ok(db, ["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "5", "--activity", "advising"] + on("2027-05-01"))
    try ok(db, ["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500"] + on("2027-05-10"), actor: "clerk")
    try ok(db, ["stipend", "approve", "--community", "c-latinx", "--year", "2026-27"] + on("2027-05-12"), actor: "dean")
    try ok(db, ["stipend", "pay", "--community", "c-latinx", "--year", "2026-27", "--reference", "=AP-1"] + on("2027-05-20"), actor: "finance")
}

/// A new empty folder for a test's reports.
func scratchFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to a new temporary file and returns its path.
func scratchFile(_ text: String, name: String = "import.csv") throws -> String {
    let url = try scratchFolder().appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// The nightly job for year 2026-27 as of 2027-07-01.
func nightly(_ db: TestDatabase, out: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws -> CLIResult {
    try cli(db, ["report", "nightly", "--out", out.path, "--as-of", "2027-07-01", "--year", "2026-27"] + extra, environment: environment)
}

/// Runs SQL as the cluster's superuser with the immutability triggers bypassed.
func tamper(_ db: TestDatabase, _ sql: String) throws {
    try db.withConnection { connection in
        try connection.withTransaction { tx in
            try tx.simpleQuery("SET LOCAL session_replication_role = replica")
            try tx.simpleQuery(sql)
        }
    }
}

func contents(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

func text(_ url: URL) throws -> String { String(decoding: try contents(url), as: UTF8.self) }
