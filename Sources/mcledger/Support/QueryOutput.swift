import ArgumentParser
import Mentoring
import Projections

/// Runs a reading command's body: projection errors get their message and exit status,
/// everything else goes through ``reportingFailures(_:)``.
func reportingQueryFailures(_ body: () throws -> Void) throws {
    try reportingFailures {
        do {
            try body()
        } catch let error as ProjectionError {
            Failure.log(error)
            printError(error.message)
            throw ExitCode(exitStatus(for: error))
        }
    }
}

func exitStatus(for error: ProjectionError) -> Int32 {
    switch error.code {
    case .notFound: ExitStatus.refused
    case .schemaMissing: ExitStatus.configuration
    case .rebuildRunning: ExitStatus.conflict
    default: ExitStatus.software
    }
}

/// Options every reading command shares: the output format and the connection.
struct QueryOptions: ParsableArguments {
    @Option(help: "Output format: text, json or csv.") var format: QueryFormat = .text
    @OptionGroup var connection: ConnectionOptions
}

/// Parses `--as-of` or `--on`-style dates in `validate()`, so a typo is a usage error (64).
func parsedDay(_ text: String?, flag: String) throws -> Day? {
    guard let text else { return nil }
    do {
        return try Day(text, field: flag)
    } catch {
        throw ValidationError(error.description)
    }
}

/// Parses `--year` in `validate()`.
func parsedYear(_ text: String?) throws -> AcademicYear? {
    guard let text else { return nil }
    do {
        return try AcademicYear(text, field: "--year")
    } catch {
        throw ValidationError(error.description)
    }
}

extension JSONOutput {
    static func optional(_ value: String?) -> JSONOutput { value.map(JSONOutput.string) ?? .null }
    static func optional(_ value: Int64?) -> JSONOutput { value.map(JSONOutput.int) ?? .null }
}

/// Prints CSV rows (header first) to stdout.
func printCSV(_ header: [String], _ rows: [[String]]) {
    print(csvLine(header), terminator: "")
    for row in rows { print(csvLine(row), terminator: "") }
}
