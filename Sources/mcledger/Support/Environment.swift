#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The variables of the process environment the CLI reads, one at a time.
///
/// `ProcessInfo.processInfo.environment` builds a dictionary of every variable on each
/// call (and sets up `ProcessInfo` on the first); a command read five or six variables
/// that way before doing anything else. `getenv` reads the one it is asked for.
enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
