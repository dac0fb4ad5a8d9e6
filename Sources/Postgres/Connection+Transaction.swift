internal import CLibPQ

extension Connection {
    /// Runs `body` inside BEGIN … COMMIT; any error rolls back and is rethrown.
    ///
    /// The BEGIN travels with the body's first statement (one round trip for both, see
    /// ``execute(after:_:_:binaryResults:)``), and statements the body queued last
    /// (``executeLater(_:_:)``) with the COMMIT; a body that sends nothing opens no
    /// transaction and ends none.
    ///
    /// A failed ROLLBACK (the connection died, say) is logged and never replaces the
    /// error that caused it: the caller learns why the transaction failed, not that
    /// cleaning up failed too.
    ///
    /// - Parameters:
    ///   - isolation: e.g. `"REPEATABLE READ"`; nil keeps the server's default (READ COMMITTED).
    ///   - readOnly: start a READ ONLY transaction (works on a streaming replica).
    public func withTransaction<T>(
        isolation: String? = nil,
        readOnly: Bool = false,
        _ body: (Connection) throws -> T
    ) throws -> T {
        var begin = "BEGIN"
        if let isolation { begin += " ISOLATION LEVEL \(isolation)" }
        if readOnly { begin += " READ ONLY" }
        _ = try openHandle()
        pendingBegin = begin
        pendingStatements = []
        let value: T
        do {
            value = try body(self)
        } catch {
            let sentNothing = pendingBegin != nil
            pendingBegin = nil
            pendingStatements = []  // queued statements of a failed body never go out
            if sentNothing {
                throw error  // nothing was sent: nothing to roll back
            }
            rollbackQuietly(after: error)
            throw error
        }
        if pendingBegin != nil && pendingStatements.isEmpty {
            pendingBegin = nil
            return value
        }
        do {
            if hasPending {
                _ = try execute(after: takePending(), "COMMIT", [])
            } else {
                try simpleQuery("COMMIT")
            }
        } catch {
            rollbackQuietly(after: error)
            throw error
        }
        return value
    }

    private func rollbackQuietly(after cause: any Error) {
        guard isOpen else { return }
        do {
            try simpleQuery("ROLLBACK")
        } catch {
            logger.warning("rollback failed after an earlier error", metadata: [
                "cause": "\(cause)", "rollbackError": "\(error)",
            ])
        }
    }
}

extension Connection {
    /// Whether the session is idle, inside a transaction block, or in a failed one.
    public enum TransactionState: Sendable, Equatable {
        case idle, active, inTransaction, failedTransaction, unknown
    }

    public var transactionState: TransactionState {
        guard let handle else { return .unknown }
        if pendingBegin != nil { return .inTransaction }  // its BEGIN waits for the first statement
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }
}
