/// Text made safe to show: characters that would act on a terminal or a viewer instead
/// of being shown are written as visible escapes.
///
/// An actor, a reason or a name can hold anything its writer typed, and an auditor's
/// terminal obeys escape sequences (ESC), carriage returns and backspaces: printed raw,
/// one event could repaint the screen that audits it. Every printer of the CLI and every
/// CSV cell goes through ``escaped(_:keeping:)``.
///
/// The escapes are JSON's (`\n`, `\r`, `\t`, `\u001b`), so the same filter keeps a JSON
/// document valid and equal in meaning: inside a JSON string the escape stands for the
/// character it replaced, and JSON has no control character outside a string.
public enum DisplayText {
    /// True for C0 controls, DEL, C1 controls, and the bidirectional embeddings,
    /// overrides and isolates that reorder the text after them ("Trojan source").
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with every control character escaped, except those in `kept` (the line
    /// breaks and tabs of a printer's own layout) and, with `keepingCRLF`, a carriage
    /// return right before a line feed (CSV's line end).
    public static func escaped(_ text: String, keeping kept: Set<Unicode.Scalar> = [], keepingCRLF: Bool = false) -> String {
        // Fast path: no byte that can start one of the characters above.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let lineEnd = keepingCRLF && scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n"
            guard isControl(scalar), !kept.contains(scalar), !lineEnd else {
                result.append(scalar)
                continue
            }
            result.append(contentsOf: escape(scalar).unicodeScalars)
        }
        return String(result)
    }

    /// Whether `text` holds a control character (free text is refused at input for it).
    public static func containsControl(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }
}
