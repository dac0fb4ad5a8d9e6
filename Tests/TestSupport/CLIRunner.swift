public import Foundation

/// What one run of the `mcledger` binary did.
public struct CLIResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `mcledger` binary as a user would.
///
/// The binary is `$MCLEDGER_BIN` (scripts/test sets it), else `.build/debug/mcledger`.
public func runCLI(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = mcledgerBinary()
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "DATABASE_URL")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
    let errData = LockedBox(Data())
    let errReader = Thread { errData.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() } }
    errReader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while errReader.isExecuting || !errReader.isFinished { Thread.sleep(forTimeInterval: 0.005) }
    return CLIResult(
        status: process.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: errData.withLock { String(decoding: $0, as: UTF8.self) }
    )
}

public func mcledgerBinary() -> URL {
    if let path = ProcessInfo.processInfo.environment["MCLEDGER_BIN"] {
        return URL(fileURLWithPath: path)
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/mcledger")
}
