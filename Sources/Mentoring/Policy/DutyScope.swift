/// Whom a yearly duty binds, where the program description can be read both ways.
public enum DutyScope: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The community as a whole meets the duty when any of its leaders does.
    case community
    /// Every leader in office must meet the duty personally.
    case eachLeader = "each-leader"

    public var description: String { rawValue }
}
