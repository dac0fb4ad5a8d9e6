public import Postgres

/// Where one projector stands (`mcledger projections status`).
public struct ProjectorStatus: Hashable, Sendable {
    public var projector: ProjectorName
    /// `a` or `b`: the generation the views read.
    public var generation: String
    public var checkpoint: Int64
    public var head: Int64
    /// Events appended and not yet folded.
    public var lagEvents: Int64 { head - checkpoint }
    /// Seconds since the oldest event not yet folded was recorded (0 when up to date).
    public var lagSeconds: Double
    /// When its checkpoint last moved (UTC, ISO 8601), if ever.
    public var updatedAt: String?
    /// When a rebuild last swapped it in, if ever.
    public var swappedAt: String?
}

extension ProjectionRunner {
    /// Each projector's checkpoint and lag, read through `mcledger.projection_status`.
    public static func status(connection: Connection) throws -> [ProjectorStatus] {
        let rows = try connection.execute("""
            SELECT projector, generation, checkpoint, head, lag_seconds,
                   to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(swapped_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
              FROM mcledger.projection_status ORDER BY projector
            """)
        return rows.compactMap { row in
            guard let name = row.string(0), let projector = ProjectorName(rawValue: name) else { return nil }
            return ProjectorStatus(
                projector: projector, generation: row.string(1) ?? "", checkpoint: row.int64(2) ?? 0,
                head: row.int64(3) ?? 0, lagSeconds: row.string(4).flatMap(Double.init) ?? 0,
                updatedAt: row.string(5), swappedAt: row.string(6)
            )
        }
        .sorted { ProjectorName.allCases.firstIndex(of: $0.projector)! < ProjectorName.allCases.firstIndex(of: $1.projector)! }
    }
}
