import EventCodec
import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres
import Projections
import Reports
import Testing
import TestSupport

/// The nightly job called as a library, as the CLI and the systemd unit call it: no
/// command line between the test and the job.
@Suite struct NightlyJobLibraryTests {
    static func job(_ out: URL) throws -> NightlyJob {
        NightlyJob(
            asOf: try Day("2027-07-01"), year: try AcademicYear("2026-27"), output: out,
            today: try Day("2027-07-10"), version: "test"
        )
    }

    static func catchUp(_ db: Connection) throws -> Bool {
        try ProjectionRunner(connection: db, today: try Day("2027-07-10")).catchUp(rebuildingWhenFarBehind: true)
        return true
    }

    static func disclose(_ tx: Connection, _ students: [PersonID]) throws {
        let ids = Array(Set(students)).sorted { $0.rawValue < $1.rawValue }
        try DisclosureLog(connection: tx).record(
            RecordsDisclosed(recipient: "test", purpose: "test", scope: "nightly job test", students: ids, output: .nightly),
            on: try Day("2027-07-10")
        )
    }

    @Test func theJobWritesTheFolderAndRecordsTheRunAndItsDisclosure() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            let outcome = try db.withConnection { connection in
                try Self.job(out).run(connection, catchUp: Self.catchUp, recordDisclosure: Self.disclose)
            }
            guard case .success(let report) = outcome else {
                Issue.record("the job failed: \(outcome)")
                return
            }
            #expect(report.folder.path == out.appendingPathComponent("2027-07-01").path)
            #expect(report.manifest.files.map(\.name) == NightlyJobTests.dataFiles)
            #expect(report.verification.firstBadPosition == nil)
            let names = try FileManager.default.contentsOfDirectory(atPath: report.folder.path).sorted()
            #expect(names == (NightlyJobTests.dataFiles + ["manifest.json"]).sorted())
            try db.withConnection { connection in
                let runs = try connection.execute("SELECT head_position FROM mcledger.report_runs").map { $0.int64(0) }
                #expect(runs == [report.manifest.head.position])
                let disclosures = try DisclosureLog(connection: connection).list()
                #expect(disclosures.map(\.output) == ["nightly"])
                #expect(disclosures.first?.students == (1...8).map { "s-\($0)" })
            }
        }
    }

    @Test func readModelsBehindStopTheJobUnlessItMayCatchThemUp() throws {
        try TestDatabase.with { db in
            try seedYear(db)
            // An event the read models have not folded: appended behind the CLI's back.
            try db.withConnection { connection in
                let training = Event.trainingCompleted(TrainingCompleted(person: try PersonID("f-okafor"), hours: Hours(whole: 1))).encode()
                try EventStore(connection: connection).append(
                    [NewEvent(stream: "person-f-okafor", type: training.type, schemaVersion: training.schemaVersion, data: String(decoding: training.data, as: UTF8.self))],
                    metadata: AppendMetadata(actor: "admin", occurredOn: "2027-06-01")
                )
            }
            let out = try scratchFolder()
            let refused = try db.withConnection { connection in
                try Self.job(out).run(connection, catchUp: { _ in false }, recordDisclosure: Self.disclose)
            }
            guard case .failure(let failure) = refused else {
                Issue.record("a report was written over read models behind the head")
                return
            }
            #expect(failure.kind == .projectionsBehind)
            #expect(failure.message.contains("the projections are behind the ledger head"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)

            let written = try db.withConnection { connection in
                try Self.job(out).run(connection, catchUp: Self.catchUp, recordDisclosure: Self.disclose)
            }
            guard case .success = written else {
                Issue.record("the job failed after catching up: \(written)")
                return
            }
        }
    }
}
