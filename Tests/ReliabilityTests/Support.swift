import EventStore
import Foundation
import Postgres
import TestSupport

/// The ledger lock key of schema/001's append function, so a test can hold the ledger.
let ledgerLockKey: Int64 = 7_164_793_357_218_064_997

func meta(_ actor: String = "tester", command: String? = nil) -> AppendMetadata {
    AppendMetadata(actor: actor, occurredOn: "2026-11-26", commandID: command)
}

func count(_ connection: Connection) throws -> Int {
    try connection.execute("SELECT count(*) FROM mcledger.events").first!.int(0)!
}

/// Polls until `condition` holds or `seconds` pass; returns whether it held.
func eventually(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return false
}

/// Runs `body` on a thread of its own and returns a way to wait for its result.
func inBackground<T: Sendable>(_ body: @escaping @Sendable () throws -> T) -> () -> Result<T, any Error> {
    let box = LockedBox<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Thread {
        let outcome = Result { try body() }
        box.withLock { $0 = outcome }
        done.signal()
    }.start()
    return {
        done.wait()
        return box.withLock { $0! }
    }
}

/// Tally of what the suite checked, printed at the end of each scenario for the README.
enum Tally {
    static func report(_ scenario: String, events: Int, lost: Int) {
        print("reliability: \(scenario): \(events) events checked, lost: \(lost)")
    }
}

/// Hands a non-Sendable value (a connection) to one other thread that alone uses it.
struct Handoff<Value>: @unchecked Sendable {
    // @unchecked: the test passes the value to exactly one thread and does not touch it
    // meanwhile.
    let value: Value
}
