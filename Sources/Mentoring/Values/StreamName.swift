/// The name of an event stream: `program`, `community-<id>`, `person-<id>` or `disclosures`.
///
/// The stream is the unit of consistency: the store checks the expected version of every
/// stream a decision read, so which facts share a stream decides which rules are safe
/// under concurrency (see ``Command/streamsRead``).
public enum StreamName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The set of communities, the policy per year and closed years.
    case program
    /// One community: leaders, members, gatherings, meetings, hours, stipends.
    case community(CommunityID)
    /// One person: registration, title, training, and the claim of a student's seat.
    case person(PersonID)
    /// The record of disclosures (FERPA 99.32): `RecordsDisclosed` only, appended by the
    /// server's `mcledger.record_disclosure()`, never read by a decision, so a disclosure
    /// never contends with a write.
    case disclosures

    static let communityPrefix = "community-"
    static let personPrefix = "person-"

    /// Parses a stream name as stored.
    ///
    /// - Throws: ``InvalidValue`` naming the field `stream`.
    public init(_ text: String) throws(InvalidValue) {
        if text == "program" {
            self = .program
        } else if text == "disclosures" {
            self = .disclosures
        } else if text.hasPrefix(Self.communityPrefix) {
            self = .community(try CommunityID(String(text.dropFirst(Self.communityPrefix.count)), field: "stream"))
        } else if text.hasPrefix(Self.personPrefix) {
            self = .person(try PersonID(String(text.dropFirst(Self.personPrefix.count)), field: "stream"))
        } else {
            throw InvalidValue(field: "stream", value: text, message: "'\(text)' is not a stream; use program, community-<id>, person-<id> or disclosures")
        }
    }

    public var rawValue: String {
        switch self {
        case .program: "program"
        case .community(let id): Self.communityPrefix + id.rawValue
        case .person(let id): Self.personPrefix + id.rawValue
        case .disclosures: "disclosures"
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
