import ArgumentParser
import EventStore
import Foundation
import Ledger
import Mentoring
import Postgres

/// The exit statuses of CLI.md, one place.
enum ExitStatus {
    static let verificationFailed: Int32 = 1
    static let usage: Int32 = 64
    static let refused: Int32 = 65
    static let unavailable: Int32 = 69
    static let software: Int32 = 70
    static let configuration: Int32 = 78
    static let conflict: Int32 = 75
}

/// Prints `message` to stderr as `mcledger: message`.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("mcledger: \(message)\n".utf8))
}

/// Runs a command body; any library error is printed to stderr and becomes the exit
/// status CLI.md promises for it.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as EventStoreError {
        printError(error.message)
        throw ExitCode(exitStatus(for: error))
    } catch let error as PostgresError {
        printError(error.description)
        throw ExitCode(error.isConnectionProblem ? ExitStatus.unavailable : ExitStatus.software)
    } catch let error as DomainError {
        // A program rule refused the command: `COM-03: c-latinx already has 18 students …`.
        printError(error.description)
        throw ExitCode(ExitStatus.refused)
    } catch let error as InvalidValue {
        // A value typed on the command line or in a file: `--hours: '25' is more than 24 …`.
        printError(error.description)
        throw ExitCode(ExitStatus.refused)
    } catch let error as LedgerError {
        printError(error.message)
        throw ExitCode(exitStatus(for: error))
    }
}

func exitStatus(for error: LedgerError) -> Int32 {
    switch error.code {
    case .conflictUnresolved: ExitStatus.conflict
    case .invalidInput: ExitStatus.refused
    default: ExitStatus.software
    }
}

func exitStatus(for error: EventStoreError) -> Int32 {
    switch error.code {
    case .unavailable, .outcomeUnknown: ExitStatus.unavailable
    case .concurrencyConflict: ExitStatus.conflict
    case .commandIDReused, .invalidInput, .immutable: ExitStatus.refused
    case .schemaMissing: ExitStatus.configuration
    default: ExitStatus.software
    }
}
