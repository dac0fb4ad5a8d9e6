import Foundation
import Reports

/// Every line the CLI prints to stdout, whichever command prints it.
///
/// Shadows the standard `print` in this module, so no printer can forget it: control
/// characters in any value (an actor, a reason, a name) are escaped before they reach
/// the terminal (``DisplayText``). Only the layout's own line breaks and tabs pass.
/// Types with a `print` method of their own call ``Terminal/print(_:terminator:)``.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Terminal.print(items.map { "\($0)" }.joined(separator: separator), terminator: terminator)
}

enum Terminal {
    /// Writes `text` to stdout with control characters escaped, except line feeds, tabs
    /// and the CRLF that ends a CSV line (a CSV cell's own CR is escaped by ``CSVText``).
    static func print(_ text: String, terminator: String = "\n") {
        Swift.print(DisplayText.escaped(text, keeping: ["\n", "\t"], keepingCRLF: true), terminator: terminator)
    }

    /// One value inside a printer's layout: line breaks and tabs escaped too, so a value
    /// can never start a line of its own.
    static func cell(_ text: String) -> String {
        DisplayText.escaped(text)
    }
}
