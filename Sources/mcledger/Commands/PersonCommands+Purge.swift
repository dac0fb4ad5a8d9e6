import ArgumentParser
import Foundation
import Ledger
import Mentoring
import Postgres
import Projections

extension PersonCommands {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Erase the details of graduates past the retention policy, in bulk.",
            discussion: """
                Finds students whose class year is before YEAR and whose details are not \
                erased yet, and erases each as `person erase` would, all in one transaction. \
                YEAR defaults to this year minus the policy's retention-years (5 unless \
                `policy set --retention-years` says otherwise). A student who still belongs \
                to a community (a membership that does not end by today, graduation counted) \
                is skipped and listed with the reason. --dry-run lists who would be erased \
                and writes nothing. --reason defaults to "retention: graduated before YEAR".

                Examples:
                  mcledger person purge --dry-run
                  mcledger person purge --graduated-before 2021
                """
        )

        @Option(name: .customLong("graduated-before"), help: ArgumentHelp("Erase students of class years before this one (default: this year minus retention-years).", valueName: "year"))
        var graduatedBefore: String?
        @Flag(name: .customLong("dry-run"), help: "List who would be erased; write nothing.") var dryRun = false
        @OptionGroup var write: WriteOptions

        func run() throws {
            try reportingFailures(format: write.format) {
                let cut = try graduatedBefore.map { try calendarYear($0, field: "--graduated-before") }
                var request = try write.request()
                try write.connection.withLedger { db in
                    let handler = write.handler(db)
                    let year = try cut ?? (request.occurredOn.year - handler.policy(for: request.occurredOn.academicYear).retentionYears)
                    if (request.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { request.reason = "retention: graduated before \(year)" }
                    var candidates = try Retention(handler: handler).graduates(before: year)
                    var skipped: [(PersonID, String)] = []
                    // Decide every erasure; a refused one is skipped with its reason.
                    while !candidates.isEmpty {
                        do {
                            _ = try handler.check(batch: candidates.map { .erasePerson(ErasePerson(person: $0)) }, request, kind: "purge")
                            break
                        } catch let refused as RefusedCommands {
                            let indexes = Set(refused.refusals.map(\.index))
                            for refusal in refused.refusals { skipped.append((candidates[refusal.index], refusal.error.text.forCLI)) }
                            candidates = candidates.enumerated().filter { !indexes.contains($0.offset) }.map(\.element)
                        }
                    }
                    var outcome: WriteOutcome?
                    if !dryRun, !candidates.isEmpty {
                        outcome = try handler.handle(batch: candidates.map { .erasePerson(ErasePerson(person: $0)) }, request, kind: "purge")
                        write.catchUpProjections(db)
                    }
                    report(year: year, erased: candidates, skipped: skipped, outcome: outcome)
                }
            }
        }

        private func report(year: Int, erased: [PersonID], skipped: [(PersonID, String)], outcome: WriteOutcome?) {
            switch write.format {
            case .json:
                JSONOutput.object([
                    ("graduatedBefore", .int(Int64(year))),
                    ("dryRun", .bool(dryRun)),
                    (dryRun ? "wouldErase" : "erased", .array(erased.map { .string($0.rawValue) })),
                    ("skipped", .array(skipped.map { .object([("person", .string($0.0.rawValue)), ("reason", .string($0.1))]) })),
                    ("positions", .array((outcome?.events ?? []).map { .int($0.position) })),
                ]).print()
            case .text:
                let verb = dryRun ? "would erase" : "erased"
                print("\(verb) the details of \(erased.count) student\(erased.count == 1 ? "" : "s") of class years before \(year)\(skipped.isEmpty ? "" : "; skipped \(skipped.count)")")
                for person in erased { print("  \(person)") }
                for (person, reason) in skipped { print("  skipped \(person): \(reason)") }
                if let outcome, let first = outcome.events.first, let last = outcome.events.last {
                    print("PersonDetailsErased at positions \(first.position)–\(last.position), command id \(outcome.commandID)")
                }
            }
        }
    }
}
