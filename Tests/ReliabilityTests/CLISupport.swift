import Foundation
import Postgres
import TestSupport

/// Where the CLI scenarios send the binary: a test database of the shared cluster, or a
/// throwaway cluster's database that the test may stop hard.
struct LedgerTarget: Sendable {
    var uri: String
    var configuration: ConnectionConfiguration

    init(_ db: TestDatabase) {
        uri = db.uri
        configuration = db.configuration
    }

    init(_ cluster: ThrowawayCluster, database: String) {
        uri = cluster.uri(database: database)
        configuration = cluster.configuration(database: database)
    }

    /// Runs `mcledger ARGS --database <uri>` as `actor`.
    func run(_ arguments: [String], actor: String = "coordinator", environment: [String: String] = [:]) throws -> CLIResult {
        var env = environment
        env["MCLEDGER_ACTOR"] = actor
        // One login per person: the coordinator is the cluster's superuser, anyone else
        // connects as a login of their own (the separation of duties compares logins).
        var database = uri
        if actor != "coordinator" {
            let login = TestLogins.name(for: actor)
            try withConnection { try TestLogins.ensure(login, admin: $0) }
            database = TestLogins.uri(uri, as: login)
            // Administrators do not write read models; their writes catch up through
            // the projector connection, as a deployment configures it.
            if env["MCLEDGER_PROJECTOR_URL"] == nil { env["MCLEDGER_PROJECTOR_URL"] = uri }
        }
        return try runCLI(arguments + ["--database", database], environment: env)
    }

    /// Runs a command that must succeed and returns its stdout.
    @discardableResult
    func ok(_ arguments: [String], actor: String = "coordinator") throws -> String {
        let result = try run(arguments, actor: actor)
        guard result.status == 0 else { throw CLIFailure(arguments: arguments, result: result) }
        return result.stdout
    }

    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try Postgres.withConnection(configuration, body)
    }

    /// Event count and head hash, read in SQL: what "unchanged" compares.
    func fingerprint() throws -> LedgerFingerprint {
        try withConnection { connection in
            let count = try connection.execute("SELECT count(*) FROM mcledger.events").first!.int(0)!
            let head = try connection.execute("SELECT position, encode(hash, 'hex') FROM mcledger.ledger_head").first!
            return LedgerFingerprint(events: count, headPosition: head.int(0)!, headHash: head.string(1)!)
        }
    }

    func count(type: String) throws -> Int {
        try withConnection { try $0.execute("SELECT count(*) FROM mcledger.events WHERE type = $1", [type]).first!.int(0)! }
    }

    /// `mcledger verify` exits 0.
    func verifies() throws -> Bool {
        try run(["verify"]).status == 0
    }
}

extension LedgerTarget {
    /// Runs the CLI through `proxy`; ``withConnection(_:)`` and ``fingerprint()`` still
    /// reach the cluster directly.
    init(through proxy: FaultProxy, database: String, direct: LedgerTarget) {
        self = direct
        uri = proxy.uri(database: database)
    }
}

extension CLIResult {
    /// The positions of a write's `--format json` output, `{"appended":[{"position":…},…]}`.
    var appendedPositions: [Int64] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any],
              let appended = object["appended"] as? [[String: Any]]
        else { return [] }
        return appended.compactMap { ($0["position"] as? NSNumber)?.int64Value }
    }
}

struct LedgerFingerprint: Equatable, CustomStringConvertible {
    var events: Int
    var headPosition: Int
    var headHash: String
    var description: String { "\(events) events, head \(headPosition) \(headHash.prefix(12))…" }
}

struct CLIFailure: Error, CustomStringConvertible {
    var arguments: [String]
    var result: CLIResult
    var description: String { "mcledger \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)" }
}

/// Writes `data` to a fresh temporary file and returns its path.
func temporaryFile(_ data: Data, name: String = "import.csv") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcl-rel-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try data.write(to: url)
    return url.path
}

func temporaryFile(_ text: String, name: String = "import.csv") throws -> String {
    try temporaryFile(Data(text.utf8), name: name)
}

/// A program set up through the CLI as an administrator would: communities c-latinx and
/// c-gen-1, faculty f-okafor (residency 2014), f-diaz (2010), f-lee (2024), resident
/// r-chen, staff st-brown, and `students` students s-1…s-N; `seated` of them join
/// c-latinx, and f-okafor leads it.
func seedProgram(_ target: LedgerTarget, students: Int = 24, seated: Int = 0, leader: Bool = false) throws {
    try target.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
    try target.ok(["community", "establish", "c-gen-1", "--name", "General 1", "--focus", "general", "--on", "2026-07-01"])
    var people = "id,name,role,class_of,residency_completed\n"
    people += "f-okafor,Dr. Ada Okafor,faculty,,2014\nf-diaz,Dr. Luis Diaz,faculty,,2010\nf-lee,Dr. Min Lee,faculty,,2024\n"
    people += "r-chen,Dr. Wei Chen,resident,,\nst-brown,Pat Brown,staff,,\n"
    for index in 1...max(students, 1) { people += "s-\(index),Student \(index),student,2029,\n" }
    try target.ok(["import", "people", try temporaryFile(people), "--on", "2026-07-01"])
    var roster = "community,person,role\n"
    if leader { roster += "c-latinx,f-okafor,leader\n" }
    if seated > 0 { roster += (1...seated).map { "c-latinx,s-\($0),student\n" }.joined() }
    if roster.contains("\nc-") {
        try target.ok(["import", "roster", try temporaryFile(roster), "--on", "2026-07-02"])
    }
}

/// A fuzz case reproduces from the seed the test prints (`MCLEDGER_FUZZ_SEED=<seed>`
/// replays it).
extension SeededGenerator {
    /// The seed of `$MCLEDGER_FUZZ_SEED`, else a fresh one; printed either way.
    static func announced(_ scenario: String) -> SeededGenerator {
        let seed = ProcessInfo.processInfo.environment["MCLEDGER_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        print("reliability: \(scenario): seed \(seed) (replay with MCLEDGER_FUZZ_SEED=\(seed))")
        return SeededGenerator(seed: seed)
    }
}
