import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// The writing half of CLI.md, run as the built binary against a real database.
@Suite struct WriteCommandTests {
    /// The last event id a text write printed (its fourth column).
    func eventID(_ stdout: String, line: Int = 1) -> String {
        String(stdout.split(separator: "\n")[line].split(separator: " ", omittingEmptySubsequences: true)[3])
    }

    @Test func aSmallProgramFromScratchUsesEveryWriteCommand() throws {
        try TestDatabase.with(migrated: false) { db in
            #expect(try runCLI(["db", "migrate", "--database", db.uri]).status == 0)
            let established = try ok(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            #expect(established.hasPrefix("POSITION  STREAM   TYPE                  EVENT ID\n1         program  CommunityEstablished  "))
            try ok(db, ["community", "establish", "c-gen-1", "--name", "General 1", "--focus", "general", "--on", "2026-07-01"])
            for arguments in [
                ["f-okafor", "--name", "Dr. Ada Okafor", "--role", "faculty", "--residency-completed", "2014"],
                ["f-lee", "--name", "Dr. Min Lee", "--role", "faculty", "--residency-completed", "2024"],
                ["r-chen", "--name", "Dr. Wei Chen", "--role", "resident"],
                ["s-ana", "--name", "Ana Ruiz", "--role", "student", "--class-of", "2029"],
                ["s-ben", "--name", "Ben Ode", "--role", "student", "--class-of", "2028"],
                ["st-brown", "--name", "Pat Brown", "--role", "staff"],
                ["st-gray", "--name", "Sam Gray", "--role", "staff"],
                ["m-rivera", "--name", "Rosa Rivera", "--role", "community-member"],
            ] {
                try ok(db, ["person", "register"] + arguments + ["--on", "2026-07-01"])
            }
            let on = ["--on", "2026-08-01"]
            try ok(db, ["leader", "appoint", "f-okafor", "--community", "c-latinx"] + on)
            let refusedLDR03 = try write(db, ["leader", "appoint", "f-lee", "--community", "c-latinx"] + on)
            #expect(refusedLDR03.status == 65)
            #expect(refusedLDR03.stderr.hasPrefix("mcledger: LDR-03: "))
            try ok(db, ["leader", "appoint", "f-lee", "--community", "c-latinx", "--exception", "chief resident; mentoring award"] + on)
            try ok(db, ["resident", "join", "r-chen", "--community", "c-latinx"] + on)
            let joined = try ok(db, ["student", "join", "s-ana", "--community", "c-latinx", "--format", "json"] + on)
            let pattern = #/\{"appended":\[\{"position":(\d+),"stream":"community-c-latinx","type":"StudentJoined","eventId":"[0-9a-f-]{36}"\},\{"position":(\d+),"stream":"person-s-ana","type":"StudentPlaced","eventId":"[0-9a-f-]{36}"\}\]\}\n/#
            #expect(joined.wholeMatch(of: pattern) != nil, "\(joined)")
            try ok(db, ["student", "join", "s-ben", "--community", "c-latinx"] + on)
            try ok(db, ["staff", "assign", "st-brown", "--community", "c-latinx"] + on)
            try ok(db, ["member", "assign", "m-rivera", "--community", "c-latinx", "--dei-approval", "DEI-14", "--sa-approval", "SA-102"] + on)
            try ok(db, ["training", "complete", "f-okafor", "--hours", "1.5", "--on", "2026-07-20"])
            let gathering = try ok(db, [
                "gathering", "record", "--community", "c-latinx", "--kind", "book-club", "--hours", "2", "--facilitator", "f-okafor",
                "--attendee", "s-ana", "--attendee", "r-chen", "--title", "Fall book club", "--on", "2026-10-03",
            ])
            try ok(db, ["gathering", "record", "--community", "c-latinx", "--kind", "social", "--hours", "2.5", "--facilitator", "f-lee", "--on", "2027-04-10"])
            try ok(db, [
                "meeting", "record", "--community", "c-latinx", "--leader", "f-okafor", "--mode", "class",
                "--student", "s-ana", "--student", "s-ben", "--hours", "3", "--on", "2027-02-01",
            ])
            try ok(db, ["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1.25", "--activity", "advising", "--on", "2027-03-01"])
            try ok(db, ["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500"] + on, actor: "requester")
            try ok(db, ["stipend", "approve", "--community", "c-latinx", "--year", "2026-27", "--waiver", "first year of the community"] + on, actor: "approver")
            let selfPaid = try write(db, ["stipend", "pay", "--community", "c-latinx", "--year", "2026-27", "--reference", "AP-1"] + on, actor: "approver")
            #expect(selfPaid.status == 65)
            #expect(selfPaid.stderr.hasPrefix("mcledger: STP-04: "))
            try ok(db, ["stipend", "pay", "--community", "c-latinx", "--year", "2026-27", "--reference", "AP-1"] + on, actor: "payer")
            try ok(db, ["stipend", "reverse", "--community", "c-latinx", "--year", "2026-27", "--reason", "paid twice by finance"] + on)
            try ok(db, ["person", "retitle", "f-lee", "--title", "clerkship-director", "--on", "2027-01-05"])
            try ok(db, ["leader", "step-down", "f-lee", "--community", "c-latinx", "--on", "2027-01-06"])
            try ok(db, ["staff", "unassign", "st-brown", "--community", "c-latinx", "--on", "2027-03-01"])
            try ok(db, ["staff", "assign", "st-gray", "--community", "c-latinx", "--on", "2027-03-01"])
            try ok(db, ["member", "remove", "m-rivera", "--community", "c-latinx", "--on", "2027-05-01"])
            try ok(db, ["resident", "leave", "r-chen", "--community", "c-latinx", "--on", "2027-06-30"])
            try ok(db, ["student", "leave", "s-ben", "--community", "c-latinx", "--on", "2027-06-30"])
            try ok(db, ["community", "retire", "c-gen-1", "--reason", "too few students", "--on", "2027-06-30"])
            try ok(db, ["policy", "set", "2027-28", "--students", "6-20", "--focus", "general=6-16", "--on", "2027-06-01"])
            let corrected = try ok(db, ["correct", eventID(gathering), "--reason", "it was a journal club", "--on", "2026-10-04"])
            #expect(corrected.contains("community-c-latinx  EventCorrected"))
            try ok(db, ["year", "close", "2026-27", "--on", "2027-07-15"])
            // A closed year takes a write only with a reason, marked as an adjustment.
            let late = ["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1", "--activity", "late entry", "--on", "2027-06-15"]
            let refused = try write(db, late)
            #expect(refused.status == 65)
            #expect(refused.stderr.hasPrefix("mcledger: REC-01: 2026-27 is closed"))
            // The domain names the field; the CLI prints its flag.
            #expect(refused.stderr.contains("that touches it needs --reason, and is recorded as a post-close adjustment"))
            try ok(db, late + ["--reason", "found in the June notes"])
            try db.withConnection { connection in
                let last = try EventStore(connection: connection).events(after: 0).last!
                #expect(last.type == "HoursLogged")
                // The reason lives beside the log (schema/015); the metadata commits to it.
                #expect(last.metadata.hasPrefix(#"{"login": "\#(ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres")", "reasonSha256": ""#))
                #expect(last.metadata.hasSuffix(#"", "postCloseAdjustment": true}"#))
                #expect(last.textValues == ["activity": "late entry", "reason": "found in the June notes"])
                let names = try connection.execute("SELECT count(*) FROM mcledger.people").first!.int(0)!
                #expect(names == 8)
                let policy = try EventStore(connection: connection).read(stream: "program").events.first { $0.type == "PolicySet" }
                #expect(policy?.data.contains(#""students": {"maximum": 20, "minimum": 6}"#) == true)
            }
            let verify = try runCLI(["verify", "--database", db.uri])
            #expect(verify.status == 0, "\(verify.stdout)")
        }
    }

    @Test func everyBadValueNamesItsFieldAndWritesNothing() throws {
        try TestDatabase.with { db in
            try seedProgram(db)
            let before = try eventCount(db)
            let cases: [([String], String)] = [
                (["student", "join", "s-1", "--community", "c-latinx", "--on", "2026-02-30"], "mcledger: --on: 2026-02-30 does not exist; that month has 28 days\n"),
                (["student", "join", "s 1", "--community", "c-latinx"], "mcledger: student id: 's 1' contains ' '; use only lowercase letters, digits and '-'\n"),
                (["training", "complete", "f-okafor", "--hours=-1"], "mcledger: --hours: "),
                (["training", "complete", "f-okafor", "--hours", "25"], "mcledger: --hours: '25' is more than 24 hours in one entry; split it or fix the number\n"),
                (["training", "complete", "f-okafor", "--hours", "1e9"], "mcledger: --hours: '1e9' is not a decimal number"),
                (["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500.001"],
                 "mcledger: --amount: '2500.001' has 3 decimals; at most two are allowed, e.g. 2500.00\n"),
                (["stipend", "request", "--community", "c-latinx", "--year", "2026-28", "--payee", "f-okafor", "--amount", "2500"], "mcledger: --year: "),
                (["student", "join", "s-1", "--community", "c-nowhere"], "mcledger: unknown-community: no community c-nowhere exists"),
                (["student", "join", "s-404", "--community", "c-latinx"], "mcledger: unknown-person: no person s-404 is registered"),
                (["community", "establish", "c-x", "--name", "X", "--focus", "martian"], "mcledger: --focus: 'martian' is not a focus"),
                (["correct", "not-a-uuid", "--reason", "typo"], "mcledger: event id: 'not-a-uuid' is not an event id"),
            ]
            for (arguments, message) in cases {
                let result = try write(db, arguments)
                #expect(result.status == 65, "\(arguments): \(result.stderr)")
                #expect(result.stderr.hasPrefix(message), "\(arguments)")
                #expect(result.stdout == "")
            }
            #expect(try eventCount(db) == before)
        }
    }

    /// CLI.md: a flag the command's syntax requires is a usage error (64) when absent or
    /// blank, checked before the database is asked; a reason a rule requires given the
    /// data (a closed year, above) is a refusal (65).
    @Test func aMissingReasonIsAUsageErrorWhereTheSyntaxRequiresIt() throws {
        try TestDatabase.with { db in
            let event = "3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60"
            let commands: [([String], String)] = [
                (["community", "retire", "c-latinx"], "retiring a community"),
                (["stipend", "reverse", "--community", "c-latinx", "--year", "2026-27"], "reversing a stipend"),
                (["correct", event], "a correction"),
                (["redact", event, "--field", "reason"], "a redaction"),
                (["person", "erase", "s-1"], "erasing a person's details"),
            ]
            for (arguments, what) in commands {
                for reason in [[], ["--reason", "  "]] {
                    let result = try write(db, arguments + reason)
                    #expect(result.status == 64, "\(arguments + reason): \(result.stderr)")
                    #expect(result.stderr.contains("\(what) needs --reason TEXT"), "\(arguments + reason): \(result.stderr)")
                }
            }
            #expect(try eventCount(db) == 0)
        }
    }

    @Test func exitCodesForUsageUnavailableAndMissingSchema() throws {
        try TestDatabase.with(migrated: false) { db in
            let usage = try write(db, ["community", "retire", "c-latinx"])
            #expect(usage.status == 64)
            #expect(usage.stderr.contains("retiring a community needs --reason TEXT"))
            #expect(try write(db, ["student", "join", "s-1"]).status == 64)
            #expect(try write(db, ["student", "enrol", "s-1", "--community", "c-latinx"]).status == 64)
            let missing = try write(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx"])
            #expect(missing.status == 78)
            #expect(missing.stderr.contains("run `mcledger db migrate`"))
        }
        let unavailable = try runCLI(
            ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--database", "postgresql:///nothing?host=/nonexistent-socket-dir"]
        )
        #expect(unavailable.status == 69)
        #expect(unavailable.stderr.hasPrefix("mcledger: cannot connect to PostgreSQL"))
    }

    /// One "today" for writes and reads: `$MCLEDGER_TODAY` dates a write without --on, and
    /// a malformed one is refused before anything runs.
    @Test func mcledgerTodayIsTheDefaultDayOfWrites() throws {
        try TestDatabase.with { db in
            let written = try write(db, ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx"], environment: ["MCLEDGER_TODAY": "2026-09-14"])
            #expect(written.status == 0, "\(written.stderr)")
            let day = try db.withConnection { try $0.execute("SELECT occurred_on::text FROM mcledger.events").first?.string(0) }
            #expect(day == "2026-09-14")
            let bad = try write(db, ["community", "establish", "c-asian", "--name", "Asian", "--focus", "asian"], environment: ["MCLEDGER_TODAY": "14/09/2026"])
            #expect(bad.status == 64)
            #expect(bad.stderr == "mcledger: $MCLEDGER_TODAY is '14/09/2026', not a date; write YYYY-MM-DD, e.g. 2026-10-03, or unset it\n")
            #expect(try eventCount(db) == 1)
        }
    }

    @Test func theSameCommandIDIsAnsweredWithTheFirstOutcome() throws {
        try TestDatabase.with { db in
            try seedProgram(db)
            let join = ["student", "join", "s-1", "--community", "c-latinx", "--on", "2026-08-01", "--command-id", "join-s-1"]
            let first = try write(db, join + ["--format", "json"])
            #expect(first.status == 0)
            #expect(first.stderr == "")
            let count = try eventCount(db)
            let again = try write(db, join + ["--format", "json"])
            #expect(again.status == 0)
            #expect(again.stdout == first.stdout)
            #expect(again.stderr == "mcledger: command id join-s-1 was already recorded; nothing new was appended, its first outcome follows\n")
            #expect(try eventCount(db) == count)
            let reused = try write(db, ["student", "join", "s-2", "--community", "c-latinx", "--on", "2026-08-01", "--command-id", "join-s-1"])
            #expect(reused.status == 65)
            #expect(reused.stderr == "mcledger: command id join-s-1 reused with a different command; use a new --command-id for a new command\n")
            #expect(try eventCount(db) == count)
        }
    }

    @Test func aRefusedCommandWritesNothing() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 18)
            let before = try eventCount(db)
            let full = try write(db, ["student", "join", "s-19", "--community", "c-latinx", "--on", "2026-08-01"])
            #expect(full.status == 65)
            #expect(full.stderr == "mcledger: COM-03: c-latinx already has 18 students (the maximum); remove one first\n")
            #expect(full.stdout == "")
            let stipend = try write(db, ["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2000"])
            #expect(stipend.status == 65)
            #expect(stipend.stderr.hasPrefix("mcledger: STP-02: the stipend for 2026-27 is $2500.00, not $2000.00"))
            let json = try write(db, ["student", "join", "s-19", "--community", "c-latinx", "--on", "2026-08-01", "--format", "json"])
            #expect(json.status == 65)
            #expect(json.stdout == "")
            #expect(json.stderr == #"{"error":{"code":"COM-03","message":"c-latinx already has 18 students (the maximum); remove one first"}}"# + "\n")
            let badValue = try write(db, ["training", "complete", "f-okafor", "--hours", "25", "--format", "json"])
            #expect(badValue.stderr == #"{"error":{"code":"invalid-value","message":"'25' is more than 24 hours in one entry; split it or fix the number","field":"--hours"}}"# + "\n")
            #expect(try eventCount(db) == before)
        }
    }

    @Test func processesRacingForTheLastSeatHaveOneWinner() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 17)
            let results = concurrently(3) { index in
                try write(db, ["student", "join", "s-\(18 + index)", "--community", "c-latinx", "--on", "2026-08-01"])
            }
            let outcomes = try results.map { try $0.get() }
            #expect(outcomes.filter { $0.status == 0 }.count == 1, "\(outcomes.map(\.stderr))")
            let refused = outcomes.filter { $0.status == 65 }
            #expect(refused.count == 2)
            #expect(refused.allSatisfy { $0.stderr == "mcledger: COM-03: c-latinx already has 18 students (the maximum); remove one first\n" }, "\(refused.map(\.stderr))")
            let joined = try db.withConnection { try $0.execute("SELECT count(*) FROM mcledger.events WHERE type = 'StudentJoined'").first!.int(0)! }
            #expect(joined == 18)
        }
    }

    @Test func anUnresolvedConflictExits75AndWritesNothing() throws {
        try TestDatabase.with { db in
            try seedProgram(db, students: 1)
            let locked = Barrier(count: 2)
            let results = concurrently(2) { index -> CLIResult? in
                if index == 0 {
                    locked.arriveAndWait()
                    return try write(db, ["student", "join", "s-5", "--community", "c-latinx"], environment: ["MCLEDGER_MAX_ATTEMPTS": "1"])
                }
                try db.withConnection { holder in
                    try holder.simpleQuery("BEGIN")
                    try holder.execute("SELECT pg_advisory_xact_lock(7164793357218064997)")
                    locked.arriveAndWait()
                    // A waiter in this test's database (pg_locks shows the whole cluster's,
                    // other tests' too), for up to a minute: a CLI process started on a
                    // machine busy with the rest of the suite may take seconds to reach the lock.
                    var waited = false
                    for _ in 0..<6000 where !waited {
                        waited = try holder.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").first!.int(0)! > 0
                        if !waited { Thread.sleep(forTimeInterval: 0.01) }
                    }
                    #expect(waited, "the CLI never waited for the ledger's lock: the race this test sets up did not happen")
                    try EventStore(connection: holder).append(
                        [NewEvent(stream: "community-c-latinx", type: "HoursLogged", data: #"{"community":"c-latinx","leader":"f-okafor","hours":"1.00","activity":"x"}"#)],
                        metadata: AppendMetadata(actor: "other", occurredOn: "2026-08-01")
                    )
                    try holder.simpleQuery("COMMIT")
                }
                return nil
            }
            let result = try #require(try results[0].get())
            #expect(result.status == 75, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("mcledger: gave up after 1 attempts"))
            let joined = try db.withConnection { try $0.execute("SELECT count(*) FROM mcledger.events WHERE type = 'StudentJoined'").first!.int(0)! }
            #expect(joined == 1)
        }
    }
}
