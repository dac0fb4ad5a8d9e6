import ArgumentParser
import EventStore
import Postgres

/// The duties of CLI.md's `db grant`, each one role of schema/001.
enum Duty: String, ExpressibleByArgument, CaseIterable {
    case administrator, auditor, reporter, projector
    /// Names in the directory, beside another duty (an auditor reads ids, not names).
    case directoryReader = "directory-reader"

    /// The role that holds exactly what the duty needs (CONNECT included, schema/008, 012).
    var role: String {
        switch self {
        case .administrator: "mcledger_writer"
        case .auditor: "mcledger_auditor"
        case .reporter: "mcledger_reporter"
        case .projector: "mcledger_projector"
        case .directoryReader: "mcledger_directory_reader"
        }
    }
}

/// A login role name as `db grant` accepts it: what PostgreSQL takes unquoted, plus `-`,
/// `.` and `@` (e.g. `ann`, `f.okafor@school.edu`), and never one of the ledger's roles.
func loginName(_ text: String) throws -> String {
    let allowed = text.unicodeScalars.allSatisfy { scalar in
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || "_-.@".unicodeScalars.contains(scalar)
    }
    guard (1...63).contains(text.utf8.count), allowed, let first = text.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else {
        throw ValidationError("'\(text.prefix(64))' is not a login name; use 1 to 63 lowercase letters, digits, _ - . @, starting with a letter")
    }
    guard !text.hasPrefix("mcledger_"), !text.hasPrefix("pg_"), text != "public" else {
        throw ValidationError("'\(text)' is a reserved role name; grant duties to a person's own login")
    }
    return text
}

extension Database {
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant",
            abstract: "Give a login one duty: administrator, auditor, reporter, projector or directory-reader.",
            discussion: """
                Makes the login a member of the duty's role (administrator: mcledger_writer, \
                auditor: mcledger_auditor, reporter: mcledger_reporter, projector: \
                mcledger_projector, directory-reader: mcledger_directory_reader), which holds \
                exactly what the duty needs, CONNECT on the ledger's database included. The \
                projector alone writes the read models: give it to the login `mcledger \
                projections follow` runs as (or the one $MCLEDGER_PROJECTOR_URL names), never \
                to a person's login. directory-reader shows names, which an auditor does not \
                see: grant it beside auditor to whoever needs them. Creates the \
                login (LOGIN, no password: set one with psql's \\password, or use peer or \
                certificate authentication) when it is missing. Safe to repeat. Run it as \
                the role that ran `db migrate` (a superuser or a CREATEROLE owner).

                Examples:
                  mcledger db grant ann auditor
                  mcledger db grant f.okafor@school.edu administrator
                  mcledger db grant projector projector
                """
        )

        @Argument(help: ArgumentHelp("The login role.", valueName: "login")) var login: String
        @Argument(help: ArgumentHelp("administrator, auditor, reporter, projector or directory-reader.", valueName: "duty")) var duty: Duty
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func validate() throws { _ = try loginName(login) }

        func run() throws {
            try reportingFailures(format: format) {
                let outcome = try connection.withLedger { db in
                    try db.withTransaction { db in try RoleGrants.grant(duty, to: login, db) }
                }
                RoleGrants.print(outcome, format: format)
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Take a duty from a login; the login itself stays.",
            discussion: """
                Removes the login from the duty's role. A login that holds no duty any more \
                cannot connect to the ledger's database. Safe to repeat.

                Example:
                  mcledger db revoke ann auditor
                """
        )

        @Argument(help: ArgumentHelp("The login role.", valueName: "login")) var login: String
        @Argument(help: ArgumentHelp("administrator, auditor, reporter, projector or directory-reader.", valueName: "duty")) var duty: Duty
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @OptionGroup var connection: ConnectionOptions

        func validate() throws { _ = try loginName(login) }

        func run() throws {
            try reportingFailures(format: format) {
                let outcome = try connection.withLedger { db in
                    try db.withTransaction { db in try RoleGrants.revoke(duty, from: login, db) }
                }
                RoleGrants.print(outcome, format: format)
            }
        }
    }
}

/// The SQL of `db grant` and `db revoke`; names are quoted by the server (`format('%I')`).
enum RoleGrants {
    struct Outcome {
        var login: String
        var duty: Duty
        var granted: Bool
        var createdLogin: Bool
        var changed: Bool
    }

    static func grant(_ duty: Duty, to login: String, _ db: Connection) throws -> Outcome {
        try requireRole(duty, db)
        var created = false
        if try db.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [login]).isEmpty {
            try run(db, "SELECT pg_catalog.format('CREATE ROLE %I LOGIN', $1::text)", [login])
            created = true
        }
        let member = try isMember(login, duty, db)
        if !member { try run(db, "SELECT pg_catalog.format('GRANT %I TO %I', $1::text, $2::text)", [duty.role, login]) }
        return Outcome(login: login, duty: duty, granted: true, createdLogin: created, changed: created || !member)
    }

    static func revoke(_ duty: Duty, from login: String, _ db: Connection) throws -> Outcome {
        try requireRole(duty, db)
        let member = try isMember(login, duty, db)
        if member { try run(db, "SELECT pg_catalog.format('REVOKE %I FROM %I', $1::text, $2::text)", [duty.role, login]) }
        return Outcome(login: login, duty: duty, granted: false, createdLogin: false, changed: member)
    }

    static func print(_ outcome: Outcome, format: OutputFormat) {
        switch format {
        case .json:
            JSONOutput.object([
                ("login", .string(outcome.login)), ("duty", .string(outcome.duty.rawValue)), ("role", .string(outcome.duty.role)),
                ("granted", .bool(outcome.granted)), ("createdLogin", .bool(outcome.createdLogin)), ("changed", .bool(outcome.changed)),
            ]).print()
        case .text:
            let what = "\(outcome.duty.rawValue) (\(outcome.duty.role))"
            switch (outcome.granted, outcome.changed) {
            case (true, true): Terminal.print("\(outcome.createdLogin ? "created login \(outcome.login); " : "")granted \(what) to \(outcome.login)")
            case (true, false): Terminal.print("\(outcome.login) already holds \(what); nothing changed")
            case (false, true): Terminal.print("revoked \(what) from \(outcome.login)")
            case (false, false): Terminal.print("\(outcome.login) does not hold \(what); nothing changed")
            }
        }
    }

    private static func isMember(_ login: String, _ duty: Duty, _ db: Connection) throws -> Bool {
        try !db.execute("""
            SELECT 1 FROM pg_catalog.pg_auth_members m
              JOIN pg_catalog.pg_roles r ON r.oid = m.roleid JOIN pg_catalog.pg_roles u ON u.oid = m.member
             WHERE r.rolname = $1 AND u.rolname = $2
            """, [duty.role, login]).isEmpty
    }

    private static func requireRole(_ duty: Duty, _ db: Connection) throws {
        if try db.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [duty.role]).isEmpty {
            throw EventStoreError(code: .schemaMissing, message: "role \(duty.role) does not exist on this cluster; run `mcledger db migrate` first")
        }
    }

    /// Runs the statement that `query` (a `format(…)` call) builds.
    private static func run(_ db: Connection, _ query: String, _ parameters: [any PostgresEncodable]) throws {
        let statement = try db.execute(query, parameters).first!.string(0)!
        try db.simpleQuery(statement)
    }
}
