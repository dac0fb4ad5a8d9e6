import ArgumentParser
import EventStore
import Foundation

/// The exit statuses of `verify --checkpoint` and `proof check` (README, docs/VERIFYING.md).
extension ExitStatus {
    /// The log disagrees with a valid signed checkpoint, or a proof does not hold.
    static let logDisagrees: Int32 = 2
    /// A checkpoint cannot be trusted: malformed, trailing garbage, bad signature, unknown key.
    static let untrusted: Int32 = 3
}

/// Runs `body`, reporting the errors of checkpoints, keys and proofs with their exit
/// statuses, and any other library error as ``reportingFailures(format:_:)`` does.
func reportingTrust(format: OutputFormat = .text, _ body: () throws -> Void) throws {
    try reportingFailures(format: format) {
        do {
            try body()
        } catch let error as NoteError {
            Failure.log(error)
            printError("checkpoint cannot be trusted: \(error.message)")
            throw ExitCode(ExitStatus.untrusted)
        } catch let error as ProofError {
            Failure.log(error)
            if let sizes = error.consistencyNeeded {
                let fetch = "`mcledger proof consistency --from \(sizes.from) --to CHECKPOINT --format json`"
                printError("the checkpoint has \(sizes.to) events, the receipt's tree \(sizes.from): give --consistency FILE (from \(fetch)) or --database to fetch it")
            } else {
                printError(error.message)
            }
            throw ExitCode(error.kind == .malformed ? ExitStatus.refused : ExitStatus.logDisagrees)
        } catch let error as EventStoreError where error.code == .logTampered {
            Failure.log(error)
            // The log no longer holds what its tree integrated: it disagrees with the checkpoints.
            printError(error.message)
            throw ExitCode(ExitStatus.logDisagrees)
        } catch let error as MerkleError {
            Failure.log(error)
            printError(error.message)
            throw ExitCode(ExitStatus.refused)
        }
    }
}

/// Reads the `--key` arguments; a key that cannot be read is a usage error (64).
func trustedKeys(_ arguments: [String]) throws -> [TrustedKey] {
    do {
        return try arguments.map(TrustedKey.init(argument:))
    } catch let error as NoteError {
        printError("--key: \(error.message)")
        throw ExitCode(ExitStatus.usage)
    }
}

/// Reads and verifies each `--checkpoint` file; a bad one exits 3.
func signedCheckpoints(_ paths: [String], keys: [TrustedKey]) throws -> [SignedCheckpoint] {
    try paths.map { try SignedCheckpoint(path: $0, keys: keys) }
}

/// `30s`, `10m`, `1h` or plain seconds.
struct Interval: ExpressibleByArgument {
    var seconds: Double

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var text = Substring(argument)
        var unit = 1.0
        if let last = text.last, let factor = units[last] {
            unit = factor
            text = text.dropLast()
        }
        guard let value = Double(text), value.isFinite, value > 0, value * unit <= 86_400 * 7 else { return nil }
        seconds = value * unit
    }

    init(seconds: Double) { self.seconds = seconds }
}

/// Writes `text` to `path` through a temporary file and a rename, so a reader never
/// sees half a file.
func writeAtomically(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
}
