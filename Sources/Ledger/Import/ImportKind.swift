internal import Mentoring

/// What an import file holds, and how each row becomes a command.
///
/// - `people`: one person per row, registered (``RegisterPerson``); names go to the
///   people directory in the same transaction.
/// - `roster`: one membership per row: a leader appointed, a resident, student or staff
///   liaison added, or a member of the local community assigned.
public enum ImportKind: String, CaseIterable, Sendable {
    case people
    case roster

    /// Columns every file of this kind must have, in the documented order.
    public var requiredColumns: [String] {
        switch self {
        case .people: ["id", "name", "role"]
        case .roster: ["community", "person", "role"]
        }
    }

    /// Columns a file may add; an empty cell means "not given".
    public var optionalColumns: [String] {
        switch self {
        case .people: ["class_of", "residency_completed", "title"]
        case .roster: ["exception", "dei_approval", "sa_approval"]
        }
    }

    /// The column a refusal of the row's command is reported against.
    var subjectColumn: String {
        switch self {
        case .people: "id"
        case .roster: "person"
        }
    }

    /// The rows' commands, in file order, or every problem found in any row.
    func commands(from table: CSVTable) throws(ImportFailed) -> [(line: Int, command: Command)] {
        let parser = try RowParser(self, header: table.header)
        var problems: [ImportProblem] = []
        var commands: [(line: Int, command: Command)] = []
        commands.reserveCapacity(table.rows.count)
        for row in table.rows {
            do {
                commands.append((row.line, try parser.command(row)))
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw ImportFailed(problems: problems) }
        guard !commands.isEmpty else { throw ImportFailed(problems: [Self.noRows]) }
        return commands
    }

    static let noRows = ImportProblem(line: 2, column: nil, message: "the file has a header but no rows; nothing to import")

    /// Checks a file's header once, then turns its rows, one at a time, into commands.
    struct RowParser {
        let kind: ImportKind
        let index: [String: Int]
        let columns: Int

        /// - Throws: every problem of the header (unknown, missing or repeated columns).
        init(_ kind: ImportKind, header: [String]) throws(ImportFailed) {
            var problems: [ImportProblem] = []
            let known = Set(kind.requiredColumns + kind.optionalColumns)
            for name in header where !known.contains(name) {
                problems.append(ImportProblem(line: 1, column: name, message: "unknown column '\(name)'; a \(kind.rawValue) file has the columns \((kind.requiredColumns + kind.optionalColumns).joined(separator: ", "))"))
            }
            for name in kind.requiredColumns where !header.contains(name) {
                problems.append(ImportProblem(line: 1, column: name, message: "the column '\(name)' is missing; the first line must name at least \(kind.requiredColumns.joined(separator: ","))"))
            }
            var seen: Set<String> = []
            for name in header where !seen.insert(name).inserted {
                problems.append(ImportProblem(line: 1, column: name, message: "the column '\(name)' appears twice"))
            }
            guard problems.isEmpty else { throw ImportFailed(problems: problems) }
            self.kind = kind
            self.index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            self.columns = header.count
        }

        /// The row's command, or the first problem of its cells.
        func command(_ row: CSVTable.Row) throws(ImportProblem) -> Command {
            do {
                return try kind.command(ImportRow(row: row, index: index))
            } catch let problem as ImportProblem {
                throw problem
            } catch {
                throw ImportProblem(line: row.line, column: nil, message: "\(error)")
            }
        }
    }

    fileprivate func command(_ row: ImportRow) throws -> Command {
        switch self {
        case .people:
            let role = try row.value("role") { text throws(InvalidValue) in try Role(parsing: text, field: "role") }
            return .registerPerson(RegisterPerson(
                person: try row.value("id") { text throws(InvalidValue) in try PersonID(text, field: "id") },
                name: try row.value("name") { text throws(InvalidValue) in try DisplayName.validate(text, field: "name") },
                role: role,
                classOf: try row.optional("class_of") { text throws(InvalidValue) in try Self.year(text, field: "class_of") },
                residencyCompleted: try row.optional("residency_completed") { text throws(InvalidValue) in try Self.year(text, field: "residency_completed") },
                title: try row.optional("title") { text throws(InvalidValue) in try FacultyTitle(parsing: text, field: "title") }
            ))
        case .roster:
            let community = try row.value("community") { text throws(InvalidValue) in try CommunityID(text, field: "community") }
            let person = try row.value("person") { text throws(InvalidValue) in try PersonID(text, field: "person") }
            let role = try row.text("role")
            switch role {
            case "leader":
                return .appointLeader(AppointLeader(leader: person, community: community, exception: row.optionalText("exception")))
            case "resident":
                return .joinResident(JoinResident(resident: person, community: community))
            case "student":
                return .joinStudent(JoinStudent(student: person, community: community))
            case "staff":
                return .assignStaff(AssignStaff(staff: person, community: community))
            case "member":
                return .assignMember(AssignMember(
                    member: person, community: community,
                    deiApproval: try row.text("dei_approval"), saApproval: try row.text("sa_approval")
                ))
            default:
                throw ImportProblem(line: row.line, column: "role", message: "'\(role)' is not a roster role; use leader, resident, student, staff or member")
            }
        }
    }

    static func year(_ text: String, field: String) throws(InvalidValue) -> Int {
        guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text), (1900...2200).contains(year) else {
            throw InvalidValue(field: field, value: text, message: "'\(text)' is not a year; write four digits, e.g. 2029")
        }
        return year
    }
}

/// One row's cells by column name, with problems that name the line and column.
struct ImportRow {
    let row: CSVTable.Row
    let index: [String: Int]

    var line: Int { row.line }

    func cell(_ column: String) -> String? {
        guard let position = index[column] else { return nil }
        let text = row.fields[position].trimmingBlanks
        return text.isEmpty ? nil : text
    }

    func text(_ column: String) throws(ImportProblem) -> String {
        guard let text = cell(column) else {
            throw ImportProblem(line: line, column: column, message: "is empty; give a value")
        }
        return text
    }

    func optionalText(_ column: String) -> String? { cell(column) }

    func value<T>(_ column: String, _ parse: (String) throws(InvalidValue) -> T) throws(ImportProblem) -> T {
        let text = try text(column)
        do {
            return try parse(text)
        } catch {
            throw ImportProblem(line: line, column: column, message: error.message)
        }
    }

    func optional<T>(_ column: String, _ parse: (String) throws(InvalidValue) -> T) throws(ImportProblem) -> T? {
        guard let text = cell(column) else { return nil }
        do {
            return try parse(text)
        } catch {
            throw ImportProblem(line: line, column: column, message: error.message)
        }
    }
}

/// An import that wrote nothing, with every problem found.
public struct ImportFailed: Error, Sendable {
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) {
        self.problems = problems
    }
}
