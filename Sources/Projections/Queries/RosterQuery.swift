public import Mentoring
public import Postgres

/// One member of a community as the roster shows them.
public struct RosterMember: Hashable, Sendable {
    public var role: MembershipRole
    public var person: PersonID
    /// From the people directory (nil when the directory has no entry, or it was erased).
    public var name: String?
    public var since: Day
    /// Set only for an "as of" roster of a membership that ended later.
    public var until: Day?
    public var startPosition: Int64
    public var exception: String?
}

/// A community and its members.
public struct CommunityRoster: Hashable, Sendable {
    public var community: CommunityRow
    public var members: [RosterMember]
}

/// Reads the roster read model (`mcledger.roster_communities`, `mcledger.roster_tenures`).
public enum RosterQuery {
    /// The communities (one, or every active one) and their members, now or as of a day.
    ///
    /// "Now" is the latest knowledge: memberships not ended, as every correction left
    /// them and not ended by `today` (a leave recorded ahead, a student's
    /// graduation later on, still count as members until that day). `asOf` answers as
    /// known on that day: memberships begun by then and not yet ended, with corrections
    /// dated after it not yet applied.
    ///
    /// - Throws: ``ProjectionError`` `.notFound` when `community` is not in the roster.
    public static func roster(connection: Connection, community: CommunityID? = nil, asOf: Day? = nil, today: Day) throws -> [CommunityRoster] {
        let day = asOf?.description
        let communityRows = try connection.execute("""
            SELECT community, name, focus, to_char(established_on, 'YYYY-MM-DD'), established_position,
                   to_char(retired_on, 'YYYY-MM-DD'), retired_position, retired_reason
              FROM mcledger.roster_communities
             WHERE ($1::text IS NULL OR community = $1)
               AND CASE WHEN $2::date IS NULL THEN epoch_to IS NULL AND ($1::text IS NOT NULL OR retired_on IS NULL)
                        ELSE (epoch_from IS NULL OR epoch_from <= $2::date) AND (epoch_to IS NULL OR $2::date < epoch_to)
                             AND established_on <= $2::date AND ($1::text IS NOT NULL OR retired_on IS NULL OR retired_on > $2::date)
                   END
             ORDER BY community
            """, [community?.rawValue, day])
        let communities = communityRows.compactMap { row -> CommunityRow? in
            guard let id = row.string(0).flatMap({ try? CommunityID($0) }), let name = row.string(1),
                  let focus = row.string(2).flatMap(Focus.init(rawValue:)), let established = row.string(3).flatMap({ try? Day($0) }),
                  let position = row.int64(4)
            else { return nil }
            return CommunityRow(
                community: id, name: name, focus: focus, establishedOn: established, establishedPosition: position,
                retiredOn: row.string(5).flatMap { try? Day($0) }, retiredPosition: row.int64(6), retiredReason: row.string(7)
            )
        }
        if let community, communities.isEmpty {
            let when = asOf.map { " on \($0)" } ?? ""
            throw ProjectionError(code: .notFound, message: "no community \(community) in the roster\(when); `mcledger roster` lists them")
        }
        let memberRows = try connection.execute("""
            SELECT t.community, t.role, t.person, p.name, to_char(t.since, 'YYYY-MM-DD'), to_char(t.until, 'YYYY-MM-DD'),
                   t.start_position, t.exception
              FROM mcledger.roster_tenures t
              LEFT JOIN mcledger.directory p ON p.person_id = t.person
             WHERE ($1::text IS NULL OR t.community = $1)
               AND CASE WHEN $2::date IS NULL THEN t.epoch_to IS NULL AND (t.until IS NULL OR t.until > $3::date)
                        ELSE (t.epoch_from IS NULL OR t.epoch_from <= $2::date) AND (t.epoch_to IS NULL OR $2::date < t.epoch_to)
                             AND t.since <= $2::date AND (t.until IS NULL OR t.until > $2::date)
                   END
            """, [community?.rawValue, day, today.description])
        var members: [String: [RosterMember]] = [:]
        for row in memberRows {
            guard let id = row.string(0), let role = row.string(1).flatMap(MembershipRole.init(rawValue:)),
                  let person = row.string(2).flatMap({ try? PersonID($0) }), let since = row.string(4).flatMap({ try? Day($0) }),
                  let position = row.int64(6)
            else { continue }
            members[id, default: []].append(RosterMember(
                role: role, person: person, name: row.string(3), since: since,
                until: row.string(5).flatMap { try? Day($0) }, startPosition: position, exception: row.string(7)
            ))
        }
        return communities.map { community in
            CommunityRoster(community: community, members: (members[community.community.rawValue] ?? []).sorted(by: memberOrder))
        }
    }

    /// Leaders first, then the liaison, residents, students, local members; by date, id.
    static func memberOrder(_ lhs: RosterMember, _ rhs: RosterMember) -> Bool {
        let order: [MembershipRole] = [.leader, .staffLiaison, .resident, .student, .communityMember]
        let left = order.firstIndex(of: lhs.role) ?? order.count
        let right = order.firstIndex(of: rhs.role) ?? order.count
        if left != right { return left < right }
        if lhs.since != rhs.since { return lhs.since < rhs.since }
        return lhs.person.rawValue < rhs.person.rawValue
    }
}
