import Foundation
import Postgres
import TestSupport

/// Runs `mcledger ARGS --database <db>` as the coordinator, unless `actor` says otherwise.
func write(_ db: TestDatabase, _ arguments: [String], actor: String = "coordinator", environment: [String: String] = [:]) throws -> CLIResult {
    var env = environment
    env["MCLEDGER_ACTOR"] = actor
    // One login per person: the coordinator is the cluster's superuser, anyone else
    // connects as a login of their own (the separation of duties compares logins).
    let database = actor == "coordinator" ? db.uri : try db.uri(login: TestLogins.name(for: actor))
    // Administrators do not write read models; their writes catch up through the
    // projector connection, as a deployment configures it (here the superuser's).
    if actor != "coordinator", env["MCLEDGER_PROJECTOR_URL"] == nil { env["MCLEDGER_PROJECTOR_URL"] = db.uri }
    return try runCLI(arguments + ["--database", database], environment: env)
}

/// Runs a write that must succeed, and returns its stdout.
@discardableResult
func ok(_ db: TestDatabase, _ arguments: [String], actor: String = "coordinator") throws -> String {
    let result = try write(db, arguments, actor: actor)
    guard result.status == 0 else {
        throw CLIFailure(arguments: arguments, result: result)
    }
    return result.stdout
}

struct CLIFailure: Error, CustomStringConvertible {
    var arguments: [String]
    var result: CLIResult
    var description: String { "mcledger \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)" }
}

/// How many events the ledger holds, counted in SQL.
func eventCount(_ db: TestDatabase) throws -> Int {
    try db.withConnection { try $0.execute("SELECT count(*) FROM mcledger.events").first!.int(0)! }
}

/// Writes `text` to a temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "import.csv") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcledger-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// A program of two communities and the people to fill them, set up through the CLI
/// (imports): faculty f-okafor (residency 2014), f-lee (2024), f-diaz (2010); resident
/// r-chen; students s-1…s-20; staff st-brown, st-gray; community member m-rivera.
func seedProgram(_ db: TestDatabase, students: Int = 0) throws {
    try ok(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
    try ok(db, ["community", "establish", "c-gen-1", "--name", "General 1", "--focus", "general", "--on", "2026-07-01"])
    var people = "id,name,role,class_of,residency_completed\n"
    people += "f-okafor,Dr. Ada Okafor,faculty,,2014\nf-lee,Dr. Min Lee,faculty,,2024\nf-diaz,Dr. Luis Diaz,faculty,,2010\n"
    people += "r-chen,Dr. Wei Chen,resident,,\nst-brown,Pat Brown,staff,,\nst-gray,Sam Gray,staff,,\nm-rivera,Rosa Rivera,community-member,,\n"
    for index in 1...20 { people += "s-\(index),Student \(index),student,2029,\n" }
    try ok(db, ["import", "people", try temporaryFile(people), "--on", "2026-07-01"])
    if students > 0 {
        let roster = "community,person,role\n" + (1...students).map { "c-latinx,s-\($0),student\n" }.joined()
        try ok(db, ["import", "roster", try temporaryFile(roster), "--on", "2026-07-02"])
    }
}
