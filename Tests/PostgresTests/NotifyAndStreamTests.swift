import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct NotifyAndStreamTests {
    struct Stop: Error {}

    @Test func waitingTimesOutWithNothing() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                try connection.listen("quiet")
                #expect(try connection.waitForNotification(timeout: 0.2) == nil)
            }
        }
    }

    @Test func aNotifyFromAnotherSessionWakesTheWaiter() throws {
        try TestDatabase.with(migrated: false) { db in
            let listener = try db.connect()
            defer { listener.close() }
            try listener.listen("ledger events")
            let sender = Thread {
                Thread.sleep(forTimeInterval: 0.2)
                _ = try? db.withConnection { try $0.execute("SELECT pg_notify($1, $2)", ["ledger events", "42"]) }
            }
            sender.start()
            let notification = try listener.waitForNotification(timeout: 10)
            #expect(notification?.channel == "ledger events")
            #expect(notification?.payload == "42")
        }
    }

    @Test func streamsRowsOneByOne() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                var sum: Int64 = 0
                let rows = try connection.stream("SELECT g FROM generate_series(1, $1::int) g", [100_000]) { row in
                    sum += row.int64(0)!
                }
                #expect(rows == 100_000)
                #expect(sum == 5_000_050_000)
            }
        }
    }

    @Test func aThrowingReaderStopsAndTheConnectionStaysUsable() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                var seen = 0
                #expect(throws: Stop.self) {
                    try connection.stream("SELECT g FROM generate_series(1, 10000000) g") { _ in
                        seen += 1
                        if seen == 10 { throw Stop() }
                    }
                }
                #expect(seen == 10)
                #expect(try connection.execute("SELECT 7").first?.int(0) == 7)
            }
        }
    }

    @Test func aFailingQueryReportsItsError() throws {
        try TestDatabase.with(migrated: false) { db in
            try db.withConnection { connection throws in
                let error = #expect(throws: PostgresError.self) {
                    try connection.stream("SELECT 1 / (g - 3) FROM generate_series(1, 5) g") { _ in }
                }
                #expect(error?.code == SQLState("22012"))
                #expect(try connection.execute("SELECT 1").first?.int(0) == 1)
            }
        }
    }
}
