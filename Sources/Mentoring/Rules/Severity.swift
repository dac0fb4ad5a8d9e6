/// How serious a compliance finding is.
public enum Severity: String, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// A rule is broken and the time to meet it is over.
    case violation
    /// A rule is not met yet, but the year still runs: it can be fixed.
    case warning
    /// The program's suggested schedule is not followed (OBL-04); nothing is broken.
    case advisory

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .violation: 0
        case .warning: 1
        case .advisory: 2
        }
    }
}
