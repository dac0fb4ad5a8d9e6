internal import EventStore
internal import Foundation
public import Logging
public import Mentoring
public import Postgres

/// Keeps projections caught up as events are appended (`mcledger projections follow`).
///
/// A NOTIFY on the store's channel is only a wake-up: after each one (or after
/// `pollInterval` without one, in case a notification was lost) the follower catches up
/// from the checkpoints, which are the only truth. When the server goes away it
/// reconnects with a pause and resumes from the checkpoints, so nothing is folded twice
/// or skipped.
public struct ProjectionFollower: Sendable {
    public var connect: @Sendable () throws -> Connection
    public var today: @Sendable () -> Day
    public var pollInterval: Double
    public var retryDelay: Double
    public var logger: Logger

    public init(
        connect: @escaping @Sendable () throws -> Connection, today: @escaping @Sendable () -> Day,
        pollInterval: Double = 5, retryDelay: Double = 1, logger: Logger
    ) {
        self.connect = connect
        self.today = today
        self.pollInterval = pollInterval
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Follows until `shouldContinue` returns false (checked after every wake-up).
    ///
    /// - Parameter caughtUp: called after each catch-up with the events each projector folded.
    /// - Throws: errors other than a lost or refused connection (missing schema, a login
    ///   that may not write the read models): following cannot fix those by waiting. An
    ///   event that cannot be decoded is quarantined, not thrown.
    public func run(shouldContinue: () -> Bool, caughtUp: ([ProjectorName: Int]) -> Void = { _ in }) throws {
        while shouldContinue() {
            do {
                let connection = try connect()
                defer { connection.close() }
                try connection.listen(EventStore.notificationChannel)
                let runner = ProjectionRunner(connection: connection, today: today(), logger: logger)
                var refreshed: (day: Day, at: Double)?
                while shouldContinue() {
                    runner.today = today()
                    // Compliance scopes go stale only as days pass (or when another
                    // process evaluates them as of another day): look for them on a new
                    // day and at most once a poll interval, not at every wake-up.
                    let now = ProcessInfo.processInfo.systemUptime
                    let refreshing = refreshed.map { $0.day != runner.today || now - $0.at >= pollInterval } ?? true
                    // Every projector in one transaction, continuing the states this
                    // runner folded at the previous wake-up: one commit per wake-up.
                    caughtUp(try runner.catchUpTogether(refreshingStale: refreshing))
                    if refreshing { refreshed = (runner.today, now) }
                    _ = try connection.waitForNotification(timeout: pollInterval)
                }
            } catch let error as PostgresError where error.isConnectionProblem || error.code?.isConnectionClass == true || error.code == .adminShutdown {
                logger.warning("projection follower lost the database; reconnecting", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: retryDelay)
            }
        }
    }
}
