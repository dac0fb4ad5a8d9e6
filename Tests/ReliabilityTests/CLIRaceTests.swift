import Foundation
import Testing
import TestSupport

/// Separate `mcledger` processes racing for the same seat, stipend or payment: the rule
/// holds across processes, because each decision is appended with the versions it read.
@Suite struct CLIRaceTests {
    @Test func eightProcessesForTwoFreeSeatsLeaveExactlyTwoJoined() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 24, seated: 16)
            let before = try target.fingerprint()
            let start = Barrier(count: 8)
            let results = try concurrently(8) { index in
                start.arriveAndWait()
                return try target.run(["student", "join", "s-\(17 + index)", "--community", "c-latinx", "--on", "2026-08-01"])
            }.map { try $0.get() }
            let joined = results.filter { $0.status == 0 }
            let refused = results.filter { $0.status == 65 }
            #expect(joined.count == 2, "\(results.map { "\($0.status) \($0.stderr)" })")
            #expect(refused.count == 6)
            #expect(refused.allSatisfy { $0.stderr == "mcledger: COM-03: c-latinx already has 18 students (the maximum); remove one first\n" }, "\(refused.map(\.stderr))")
            #expect(refused.allSatisfy { $0.stdout.isEmpty })
            #expect(try target.count(type: "StudentJoined") == 18)
            // Each join is two events (community and person streams); nothing else moved.
            let after = try target.fingerprint()
            #expect(after.events == before.events + 4)
            #expect(try target.verifies())
            Tally.report("8 CLI processes for 2 free seats", events: after.events, lost: 0)
        }
    }

    /// Guarantee 27 across processes: six `mcledger` processes send the same command with
    /// the same --command-id at once. One append; every process exits 0 and prints the
    /// same outcome (the others say on stderr that the id was already recorded).
    @Test func sixProcessesWithOneCommandIDAppendOnceAndPrintTheSameResult() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 24, seated: 4)
            let before = try target.fingerprint()
            let start = Barrier(count: 6)
            let results = try concurrently(6) { _ in
                start.arriveAndWait()
                return try target.run(["student", "join", "s-17", "--community", "c-latinx", "--on", "2026-08-01", "--command-id", "join-s-17-once"])
            }.map { try $0.get() }
            #expect(results.allSatisfy { $0.status == 0 }, "\(results.map { "\($0.status) \($0.stderr)" })")
            #expect(Set(results.map(\.stdout)).count == 1, "\(results.map(\.stdout))")
            let replays = results.filter { $0.stderr.contains("command id join-s-17-once was already recorded; nothing new was appended") }
            #expect(replays.count == 5, "\(results.map(\.stderr))")
            #expect(try target.count(type: "StudentJoined") == 5)
            let after = try target.fingerprint()
            #expect(after.events == before.events + 2)
            #expect(try target.verifies())
            Tally.report("6 CLI processes sending one command id", events: after.events, lost: 0)
        }
    }

    @Test func eightProcessesRequestingTheSameStipendLeaveOneRequest() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 6, seated: 6, leader: true)
            let before = try target.fingerprint()
            let start = Barrier(count: 8)
            let results = try concurrently(8) { index in
                start.arriveAndWait()
                return try target.run(
                    ["stipend", "request", "--community", "c-latinx", "--year", "2026-27", "--payee", "f-okafor", "--amount", "2500", "--on", "2026-08-01"],
                    actor: "requester-\(index)"
                )
            }.map { try $0.get() }
            #expect(results.filter { $0.status == 0 }.count == 1, "\(results.map { "\($0.status) \($0.stderr)" })")
            let refused = results.filter { $0.status == 65 }
            #expect(refused.count == 7)
            #expect(refused.allSatisfy { $0.stderr.hasPrefix("mcledger: STP-01: c-latinx already has a stipend for 2026-27 (requested for f-okafor)") }, "\(refused.map(\.stderr))")
            #expect(try target.count(type: "StipendRequested") == 1)
            let after = try target.fingerprint()
            #expect(after.events == before.events + 1)
            #expect(try target.verifies())
            Tally.report("8 CLI processes requesting one stipend", events: after.events, lost: 0)
        }
    }

    @Test func twoClerksPayingTheSameStipendAtOnceRecordOnePayment() throws {
        try TestDatabase.with { db in
            let target = LedgerTarget(db)
            try seedProgram(target, students: 6, seated: 6, leader: true)
            let year = ["--community", "c-latinx", "--year", "2026-27", "--on", "2026-08-01"]
            try target.ok(["stipend", "request", "--payee", "f-okafor", "--amount", "2500"] + year, actor: "requester")
            try target.ok(["stipend", "approve", "--waiver", "first year of the community"] + year, actor: "approver")
            let before = try target.fingerprint()
            let start = Barrier(count: 2)
            let results = try concurrently(2) { index in
                start.arriveAndWait()
                return try target.run(["stipend", "pay", "--reference", "AP-\(index)"] + year, actor: "clerk-\(index)")
            }.map { try $0.get() }
            #expect(results.filter { $0.status == 0 }.count == 1, "\(results.map { "\($0.status) \($0.stderr)" })")
            let refused = results.filter { $0.status != 0 }
            #expect(refused.count == 1)
            #expect(refused.allSatisfy { $0.status == 65 && $0.stderr.contains("c-latinx has no approved, unpaid stipend for 2026-27") }, "\(refused.map(\.stderr))")
            #expect(try target.count(type: "StipendPaid") == 1)
            let after = try target.fingerprint()
            #expect(after.events == before.events + 1)
            #expect(try target.verifies())
            Tally.report("2 clerks paying one stipend", events: after.events, lost: 0)
        }
    }
}
