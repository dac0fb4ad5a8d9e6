import EventCodec
import EventStore
import Foundation
import Mentoring
import Postgres
import Testing
import TestSupport

/// Issue 12, finding 2 and 3: the writer role could append any type, version and payload
/// through mcledger.append, and one unreadable event stopped the ledger. schema/009's
/// registry makes the server refuse what the domain cannot read.
@Suite struct EventTypeRegistryTests {
    @Test func theRegistryListsExactlyTheDomainsTypesAndVersions() throws {
        try TestDatabase.with { db throws in
            let rows = try db.withConnection { connection throws in
                try connection.execute("SELECT type, schema_version FROM mcledger.event_types ORDER BY type, schema_version")
                    .map { "\($0.string(0)!) v\($0.int(1)!)" }
            }
            // Every version the domain reads: 1 up to the current one (schema/015 moved the
            // free text of FreeText.payloadFields beside the log at version 2).
            var domain: [String] = []
            for (type, current) in Event.currentSchemaVersions {
                for version in 1...current { domain.append("\(type) v\(version)") }
            }
            domain.sort()
            #expect(rows == domain, "schema/009 and Sources/Mentoring/Events disagree; add the new type or version to a migration")
        }
    }

    @Test func everyEventTheDomainEncodesPassesTheRegistry() throws {
        // One event of each kind the CLI writes, decided by the domain and appended as a
        // writer login: none may be refused.
        try TestDatabase.with { db throws in
            try HardeningTests.withLogin(db, in: "mcledger_writer") { login throws in
                let target = LedgerTarget(db)
                let user = db.uri.replacingOccurrences(of: "://\(ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres")@", with: "://\(login)@")
                var asWriter = target
                asWriter.uri = user
                for arguments in [
                    ["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx"],
                    ["person", "register", "f-okafor", "--name", "Dr. Ada Okafor", "--role", "faculty", "--residency-completed", "2014"],
                    ["person", "register", "s-ana", "--name", "Ana Ruiz", "--role", "student", "--class-of", "2029"],
                    ["leader", "appoint", "f-okafor", "--community", "c-latinx"],
                    ["student", "join", "s-ana", "--community", "c-latinx"],
                    ["gathering", "record", "--community", "c-latinx", "--kind", "social", "--hours", "2", "--facilitator", "f-okafor", "--attendee", "s-ana"],
                    ["meeting", "record", "--community", "c-latinx", "--leader", "f-okafor", "--mode", "class", "--student", "s-ana", "--hours", "1"],
                    ["hours", "log", "f-okafor", "--community", "c-latinx", "--hours", "1", "--activity", "advising"],
                    ["training", "complete", "f-okafor", "--hours", "2"],
                    ["policy", "set", "2027-28", "--students", "6-20"],
                ] {
                    let result = try asWriter.run(arguments + ["--on", "2026-08-01"])
                    #expect(result.status == 0, "\(arguments): \(result.stderr)")
                }
                #expect(try target.fingerprint().events >= 10)
            }
        }
    }

    @Test func forgedAppendsAreRefusedAndTheLedgerIsUnchanged() throws {
        try TestDatabase.with { db throws in
            let target = LedgerTarget(db)
            try target.ok(["community", "establish", "c-latinx", "--name", "Latinx", "--focus", "latinx", "--on", "2026-07-01"])
            let before = try target.fingerprint()
            let forged: [(String, String)] = [
                // An unknown type: every reader would stop at it.
                (#"[{"stream": "community-c-latinx", "type": "StudentTeleported", "data": {"student": "s-1", "community": "c-latinx"}}]"#, "not one this ledger can read"),
                // A known type at a version no reader knows.
                (#"[{"stream": "community-c-latinx", "type": "StudentJoined", "schemaVersion": 2, "data": {"student": "s-1", "community": "c-latinx"}}]"#, "schema version 2"),
                // A second payment with no amount or reference.
                (#"[{"stream": "community-c-latinx", "type": "StipendPaid", "data": {"community": "c-latinx", "year": "2026-27", "payee": "f-okafor"}}]"#, "lacks amount, reference"),
                // A required key present but null.
                (#"[{"stream": "community-c-latinx", "type": "StudentJoined", "data": {"student": null, "community": "c-latinx"}}]"#, "lacks student"),
                // A payload that is not an object.
                (#"[{"stream": "community-c-latinx", "type": "YearClosed", "data": "2026-27"}]"#, "must be a JSON object"),
                // One good event and one bad: nothing of the append lands.
                (#"[{"stream": "program", "type": "YearClosed", "data": {"year": "2026-27"}}, {"stream": "program", "type": "Forged", "data": {}}]"#, "Forged"),
            ]
            var refused = 0
            try HardeningTests.withLogin(db, in: "mcledger_writer") { login throws in
                try Postgres.withConnection(db.configuration.with("user", login)) { connection throws in
                    for (events, message) in forged {
                        let error = #expect(throws: PostgresError.self) {
                            try connection.execute(
                                "SELECT * FROM mcledger.append($1::jsonb, '{}'::jsonb, NULL, NULL, 'mallory', NULL, '2026-11-26', '{}'::jsonb)", [events]
                            )
                        }
                        #expect(error?.code == SQLState("MCL06"), "\(events): \(String(describing: error))")
                        #expect(error?.message.contains(message) == true, "\(String(describing: error?.message))")
                        if error?.code == SQLState("MCL06") { refused += 1 }
                    }
                    // Through the store's API the refusal is invalid input (the CLI's exit 65).
                    let storeError = #expect(throws: EventStoreError.self) {
                        try EventStore(connection: connection).append(
                            [NewEvent(stream: StreamName("program"), type: "Forged", schemaVersion: 1, data: "{}")], metadata: meta("mallory")
                        )
                    }
                    #expect(storeError?.code == .invalidInput)
                    // A well-formed event of a known type still goes in.
                    try EventStore(connection: connection).append(
                        [NewEvent(stream: StreamName("program"), type: "YearClosed", schemaVersion: 1, data: #"{"year": "2025-26"}"#)], metadata: meta("writer")
                    )
                }
            }
            // A superuser that switched to the writer role is checked like the writer.
            try db.withConnection { connection throws in
                let code = SecurityMatrixTests.attempt(connection, as: "mcledger_writer", """
                    SELECT * FROM mcledger.append('[{"stream": "s", "type": "Forged", "data": {}}]'::jsonb, '{}'::jsonb, NULL, NULL, 'mallory', NULL, '2026-11-26', '{}'::jsonb)
                    """)
                #expect(code == "MCL06")
            }
            let after = try target.fingerprint()
            #expect(after.events == before.events + 1)
            #expect(try target.count(type: "StipendPaid") == 0)
            #expect(try target.verifies())
            // The ledger still reads: a write and its catch-up succeed.
            try target.ok(["person", "register", "f-okafor", "--name", "Dr. Ada Okafor", "--role", "faculty", "--residency-completed", "2014", "--on", "2026-07-01"])
            Tally.report("forged appends refused by the type registry, \(refused + 2) tried", events: after.events, lost: 0)
        }
    }
}
