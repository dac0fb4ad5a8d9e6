import EventStore
import Foundation
import Postgres
import Testing
import TestSupport
import Migrations

/// The foundation's commands, run as the built binary against a real database.
@Suite struct FoundationCommandTests {
    func seed(_ db: TestDatabase, _ count: Int) throws {
        try db.withConnection { connection in
            let store = EventStore(connection: connection)
            for index in 0..<count {
                try store.append(
                    [NewEvent(stream: "s-\(index % 2)", type: "Noted", data: #"{"i": \#(index), "note": "=SUM(A1)"}"#)],
                    metadata: AppendMetadata(actor: "admin", occurredOn: "2026-09-01")
                )
            }
        }
    }

    @Test func migrateTwiceThenStatus() throws {
        try TestDatabase.with(migrated: false) { db in
            let latest = Migrator.all.migrations.last!.version
            let first = try runCLI(["db", "migrate", "--database", db.uri])
            #expect(first.status == 0, "\(first.stderr)")
            let applied = Migrator.all.migrations.map { String(format: "applied %03d %@\n", $0.version, $0.name) }.joined()
            #expect(first.stdout == applied + "Schema is now at version \(latest).\n")
            let second = try runCLI(["db", "migrate", "--database", db.uri, "--format", "json"])
            #expect(second.status == 0)
            #expect(second.stdout == "{\"applied\":[],\"schemaVersion\":\(latest)}\n")
            #expect(second.stderr == "")
            let status = try runCLI(["db", "status", "--database", db.uri, "--format", "json"])
            #expect(status.stdout == "{\"schemaVersion\":\(latest),\"pendingMigrations\":[],\"eventCount\":0,\"head\":{\"position\":0,\"hash\":\"\(String(repeating: "0", count: 64))\"}}\n")
        }
    }

    @Test func databaseURLAndLibpqEnvironmentAreHonoured() throws {
        try TestDatabase.with { db in
            try seed(db, 3)
            let viaURL = try runCLI(["db", "status", "--format", "json"], environment: ["DATABASE_URL": db.uri])
            #expect(viaURL.stdout.contains("\"eventCount\":3"))
            let viaPG = try runCLI(["db", "status", "--format", "json"], environment: ["PGDATABASE": db.name])
            #expect(viaPG.stdout.contains("\"eventCount\":3"))
        }
    }

    @Test func eventsListsFiltersAndFormats() throws {
        try TestDatabase.with { db in
            try seed(db, 5)
            let text = try runCLI(["events", "--database", db.uri, "--stream", "s-1"])
            #expect(text.status == 0)
            let lines = text.stdout.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines[1].hasPrefix("2         s-1                             1        Noted"))
            let json = try runCLI(["events", "--database", db.uri, "--after", "3", "--format", "json"])
            let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let events = document?["events"] as? [[String: Any]]
            #expect(events?.map { $0["position"] as? Int } == [4, 5])
            #expect((events?.first?["data"] as? [String: Any])?["i"] as? Int == 3)
            let csv = try runCLI(["events", "--database", db.uri, "--limit", "1", "--format", "csv"])
            #expect(csv.stdout.hasPrefix("position,stream,version,type,"))
            #expect(csv.stdout.contains("\"{\"\"i\"\": 0, \"\"note\"\": \"\"=SUM(A1)\"\"}\""))
            #expect(csv.stdout.split(separator: "\r\n").count == 2)
        }
    }

    @Test func verifyPassesThenNamesTheTamperedPosition() throws {
        try TestDatabase.with { db in
            try seed(db, 9)
            let good = try runCLI(["verify", "--database", db.uri])
            #expect(good.status == 0)
            #expect(good.stdout.hasPrefix("OK: 9 events verified; head position 9, hash "))
            try db.withConnection { connection in
                try connection.withTransaction { tx in
                    try tx.simpleQuery("SET LOCAL session_replication_role = replica")
                    try tx.simpleQuery("UPDATE mcledger.events SET data = '{\"i\": 100}' WHERE position = 4")
                }
            }
            let bad = try runCLI(["verify", "--database", db.uri, "--format", "json"])
            #expect(bad.status == 1)
            let document = try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any]
            #expect(document?["ok"] as? Bool == false)
            #expect(document?["firstBadPosition"] as? Int == 4)
            #expect(bad.stderr.contains("broken"))
        }
    }

    @Test func anUnreachableDatabaseExits69NamingTheSocket() throws {
        let result = try runCLI(["db", "status"], environment: ["PGHOST": "/nonexistent-socket-dir", "PGPORT": "6543"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("/nonexistent-socket-dir/.s.PGSQL.6543"))
        #expect(result.stdout == "")
    }

    @Test func usageErrorsExit64() throws {
        #expect(try runCLI(["events", "--limit", "0"]).status == 64)
        #expect(try runCLI(["events", "--after", "-1"]).status == 64)
        #expect(try runCLI(["verify", "--from", "zero"]).status == 64)
        #expect(try runCLI(["no-such-command"]).status == 64)
    }

    @Test func aMissingSchemaSaysToMigrate() throws {
        try TestDatabase.with(migrated: false) { db in
            let result = try runCLI(["events", "--database", db.uri])
            #expect(result.status == 78)
            #expect(result.stderr.contains("mcledger db migrate"))
        }
    }

    @Test func rootHelpListsTheCommands() throws {
        let help = try runCLI(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: An event-sourced, tamper-evident ledger for a Mentoring Communities\nprogram.\n"))
        #expect(help.stdout.contains("Start with:\n  mcledger db migrate\n  mcledger db status\n"))
        for command in ["db", "events", "verify"] {
            #expect(help.stdout.contains("\n  \(command) "), "root help lists \(command)")
        }
    }

    @Test func eventsHelpTeachesByExample() throws {
        let help = try runCLI(["events", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout == """
            OVERVIEW: List events of the ledger in position order.

            Streams the log, so even a very long ledger prints with flat memory. With
            --format json, prints {"events":[…]} with every field, payloads as stored, and
            under "texts" the free texts kept beside the log (or their redaction notices).

            Examples:
              mcledger events --limit 20
              mcledger events --stream community-c-latinx
              mcledger events --after 1500 --format json

            USAGE: mcledger events [--database <uri>] [--stream <name>] [--after <position>] [--limit <n>] [--format <format>]

            OPTIONS:
              --database <uri>        PostgreSQL connection URI or conninfo (default:
                                      $DATABASE_URL, else libpq's PGHOST, PGPORT, …).
              --stream <name>         Only events of this stream, e.g. community-c-latinx.
              --after <position>      Only events after this position. (default: 0)
              --limit <n>             At most this many events.
              --format <format>       Output format: text, json or csv. (values: text,
                                      json, csv; default: text)
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }
}
