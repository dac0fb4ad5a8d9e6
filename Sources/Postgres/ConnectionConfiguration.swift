/// How to reach the server: a connection URI or libpq keywords, over libpq's own defaults.
///
/// Anything left out is filled by libpq from its environment (`PGHOST`, `PGPORT`,
/// `PGUSER`, `PGDATABASE`, `PGPASSWORD`, service files, …), exactly as `psql` would.
public struct ConnectionConfiguration: Sendable, Equatable {
    /// Keyword/value pairs for `PQconnectdbParams`; `dbname` may itself be a URI or conninfo string.
    public var parameters: [(String, String)] {
        get { storage }
        set { storage = newValue }
    }
    private var storage: [(String, String)]

    /// libpq's defaults and environment only.
    public init() {
        storage = []
    }

    /// A `postgresql://` URI or `key=value` conninfo string; libpq's environment fills the rest.
    public init(uri: String) {
        storage = [("dbname", uri)]
    }

    /// Individual keywords (`host`, `port`, `dbname`, `user`, `options`, …).
    public init(keywords: [(String, String)]) {
        storage = keywords
    }

    /// The same configuration with one more keyword; later keywords win over a URI's parts.
    public func with(_ keyword: String, _ value: String) -> ConnectionConfiguration {
        var copy = self
        copy.storage.append((keyword, value))
        return copy
    }

    public static func == (lhs: ConnectionConfiguration, rhs: ConnectionConfiguration) -> Bool {
        lhs.storage.elementsEqual(rhs.storage) { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}
