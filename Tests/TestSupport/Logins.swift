import Foundation
public import Postgres

/// One login per person, as the ledger expects (issue 12): the server records the login
/// with every event and the separation of duties compares logins, so a test that plays
/// a requester, an approver and a payer connects as three logins. The test cluster
/// trusts local connections, so a login needs no password.
public enum TestLogins {
    /// The login that plays `actor`: the actor itself when PostgreSQL takes it as a role
    /// name we can use (lowercase letters, digits, `-._@`, at most 63 bytes), else a
    /// stable name derived from it.
    public static func name(for actor: String) -> String {
        let usable = actor.utf8.count <= 63 && !actor.isEmpty && actor.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || "-._@".unicodeScalars.contains(scalar)
        } && !actor.hasPrefix("pg_") && !actor.hasPrefix("mcledger_")
        if usable { return actor }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in actor.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "t-" + String(hash, radix: 16)
    }

    /// Creates `login` (LOGIN) on the cluster `admin` is connected to when missing, and
    /// makes it a member of `roles`. Safe when parallel tests do it at once.
    public static func ensure(_ login: String, roles: [String] = ["mcledger_writer"], admin: Connection) throws {
        for attempt in 1...10 {
            do {
                _ = try admin.execute("""
                    DO $login$
                    BEGIN
                        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '\(login.replacingOccurrences(of: "'", with: "''"))') THEN
                            EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', '\(login.replacingOccurrences(of: "'", with: "''"))');
                        END IF;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                        NULL;
                    END
                    $login$
                    """)
                for role in roles {
                    let member = try admin.execute("SELECT pg_catalog.pg_has_role($1, $2, 'MEMBER')", [login, role]).first?.bool(0) ?? false
                    if !member {
                        let grant = try admin.execute("SELECT pg_catalog.format('GRANT %I TO %I', $1::text, $2::text)", [role, login]).first?.string(0) ?? ""
                        try admin.simpleQuery(grant)
                    }
                }
                return
            } catch is PostgresError where attempt < 10 {
                // "tuple concurrently updated" when two tests grant at the same moment.
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
            }
        }
    }

    /// `uri` (a `postgresql://user@…` URI) with its user replaced by `login`.
    public static func uri(_ uri: String, as login: String) -> String {
        guard let scheme = uri.range(of: "://"), let at = uri[scheme.upperBound...].firstIndex(of: "@") else { return uri }
        let encoded = login.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? login
        return String(uri[..<scheme.upperBound]) + encoded + String(uri[at...])
    }
}

extension TestDatabase {
    /// A connection configuration for this database as `login`, created when missing
    /// and made a member of `roles` (an administrator's by default).
    public func configuration(login: String, roles: [String] = ["mcledger_writer"]) throws -> ConnectionConfiguration {
        try withConnection { try TestLogins.ensure(login, roles: roles, admin: $0) }
        return configuration.with("user", login)
    }

    /// A `postgresql:` URI for this database as `login` (see ``configuration(login:roles:)``).
    public func uri(login: String, roles: [String] = ["mcledger_writer"]) throws -> String {
        try withConnection { try TestLogins.ensure(login, roles: roles, admin: $0) }
        return TestLogins.uri(uri, as: login)
    }
}
