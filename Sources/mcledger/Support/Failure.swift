import ArgumentParser
import EventStore
import Foundation
import Ledger
import Logging
import Mentoring
import Postgres
import Reports

/// The exit statuses of CLI.md, one place.
enum ExitStatus {
    static let verificationFailed: Int32 = 1
    static let usage: Int32 = 64
    static let refused: Int32 = 65
    static let unavailable: Int32 = 69
    static let software: Int32 = 70
    static let configuration: Int32 = 78
    static let conflict: Int32 = 75
    /// `EX_CANTCREAT`: the output could not be written.
    static let cantCreate: Int32 = 73
    /// `EX_NOPERM`: a disclosure of student records could not be recorded, so nothing
    /// was shown or written (docs/PRIVACY.md).
    static let disclosureNotRecorded: Int32 = 77
}

/// Prints `message` to stderr as `mcledger: message`, its control characters escaped
/// (a server error can quote a value someone typed).
func printError(_ message: String) {
    FileHandle.standardError.write(Data("mcledger: \(DisplayText.escaped(message, keeping: ["\n", "\t"]))\n".utf8))
}

/// Runs a command body; any library error is printed to stderr and becomes the exit
/// status CLI.md promises for it.
///
/// - Parameter format: with `.json`, the error is one JSON document on stderr,
///   `{"error":{"code":"COM-03","message":"…"}}`, so a script can switch on the code.
func reportingFailures(format: OutputFormat = .text, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        guard let failure = Failure(error) else { throw error }
        Failure.log(error)
        switch format {
        case .text:
            printError(failure.text)
        case .json:
            var fields: [(String, JSONOutput)] = [("code", .string(failure.code)), ("message", .string(failure.message))]
            if let field = failure.field { fields.append(("field", .string(field))) }
            FileHandle.standardError.write(Data((DisplayText.escaped(JSONOutput.object([("error", .object(fields))]).render()) + "\n").utf8))
        }
        throw ExitCode(failure.status)
    }
}

/// A library error as the CLI reports it: an open code, a message, the exit status.
struct Failure {
    var code: String
    var message: String
    /// The flag or column at fault, for a bad value.
    var field: String?
    var status: Int32
    /// The line printed after `mcledger: ` in text mode.
    var text: String

    init?(_ error: any Error) {
        switch error {
        case let error as EventStoreError:
            if let underlying = error.postgres, let message = SessionLimits.message(underlying) {
                self.init(code: EventStoreError.Code.timedOut.rawValue, message: message, status: ExitStatus.conflict)
                return
            }
            self.init(code: error.code.rawValue, message: error.forCLI, status: exitStatus(for: error))
        case let error as PostgresError where SessionLimits.message(error) != nil:
            self.init(code: EventStoreError.Code.timedOut.rawValue, message: SessionLimits.message(error)!, status: ExitStatus.conflict)
        case let error as PostgresError:
            self.init(
                code: error.isConnectionProblem ? EventStoreError.Code.unavailable.rawValue : (error.code?.rawValue ?? "database"),
                message: error.description, status: error.isConnectionProblem ? ExitStatus.unavailable : ExitStatus.software
            )
        case let error as DomainError:
            // A program rule refused the command: `COM-03: c-latinx already has 18 students …`,
            // the fields it names printed as their flags.
            self.init(
                code: error.code.rawValue, message: error.text.forCLI, field: error.text.fields.first?.flag,
                status: ExitStatus.refused, text: "\(error.code): \(error.text.forCLI)"
            )
        case let error as InvalidValue:
            // A value typed on the command line or in a file: `--hours: '25' is more than 24 …`.
            self.init(code: "invalid-value", message: error.message, field: error.field, status: ExitStatus.refused, text: error.description)
        case let error as LedgerError:
            self.init(code: error.code.rawValue, message: error.message, status: exitStatus(for: error))
        case let error as ProjectorRefusal:
            self.init(code: "not-projector", message: error.message, status: ExitStatus.refused)
        default:
            return nil
        }
    }

    /// Writes `error` with its cause chain and everything the server said to the log, at
    /// debug level (`MCLEDGER_LOG_LEVEL=debug`): the printed line is the safe message only.
    static func log(_ error: any Error) {
        Logger(label: "mcledger").debug("command failed", metadata: ["error": "\(String(reflecting: error))"])
    }

    init(code: String, message: String, field: String? = nil, status: Int32, text: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.status = status
        self.text = text ?? message
    }
}

func exitStatus(for error: LedgerError) -> Int32 {
    switch error.code {
    case .conflictUnresolved: ExitStatus.conflict
    case .invalidInput: ExitStatus.refused
    case .disclosureNotRecorded: ExitStatus.disclosureNotRecorded
    default: ExitStatus.software
    }
}

func exitStatus(for error: EventStoreError) -> Int32 {
    switch error.code {
    case .unavailable, .outcomeUnknown: ExitStatus.unavailable
    case .concurrencyConflict, .timedOut: ExitStatus.conflict
    case .commandIDReused, .invalidInput, .immutable: ExitStatus.refused
    case .schemaMissing, .notDurable: ExitStatus.configuration
    default: ExitStatus.software
    }
}

extension EventStoreError {
    /// The message as the CLI prints it: advice about the command id names `--command-id`.
    var forCLI: String {
        guard let advice else { return message }
        let words = switch advice {
        case .newCommandID: "use a new --command-id for a new command"
        case .retry(let id?): "retry with --command-id \(id): it appends only if the first attempt did not"
        case .retry(nil): "check `mcledger events` before retrying"
        }
        return "\(message); \(words)"
    }
}
