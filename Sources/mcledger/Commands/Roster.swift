import ArgumentParser
import Mentoring
import Projections

struct Roster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "List communities and their members by role, now or as of a date.",
        discussion: """
            Reads the roster projection. Without --as-of, shows who is a member now, as \
            every correction left it; with --as-of, shows who was a member on that day, \
            as known on that day (a correction dated later is not yet applied). Names \
            come from the people directory.

            A roster that lists students discloses their education records (FERPA): \
            before anything is printed, a RecordsDisclosed event is appended in the \
            transaction that read the roster (recipient: this login, or --recipient; \
            purpose: --purpose, or the policy's disclosure basis; the students listed). \
            If it cannot be recorded, nothing is printed (exit 77). A roster with no \
            students records nothing. `mcledger audit disclosures` lists them.

            Examples:
              mcledger roster
              mcledger roster c-latinx
              mcledger roster c-latinx --as-of 2026-10-01 --format json
              mcledger roster c-latinx --recipient "Dean of Students" --purpose "99.31(a)(1) advising review"
            """
    )

    @Argument(help: ArgumentHelp("Only this community.", valueName: "community-id")) var community: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Members on this day, YYYY-MM-DD.", valueName: "date")) var asOf: String?
    @OptionGroup var options: QueryOptions
    @OptionGroup var disclosure: DisclosureOptions

    func validate() throws {
        _ = try parsedDay(asOf, flag: "--as-of")
        if let community {
            do { _ = try CommunityID(community, field: "community id") } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        try reportingQueryFailures {
            let day = try parsedDay(asOf, flag: "--as-of")
            let id = try community.map { try CommunityID($0, field: "community id") }
            // Read and record the disclosure in one transaction; print only after it commits.
            let rosters = try options.connection.withReadModels { db in
                try db.withTransaction { tx in
                    let rosters = try RosterQuery.roster(connection: tx, community: id, asOf: day, today: Today.day())
                    try disclosure.record(tx, output: .roster, scope: scope, students: Self.students(rosters))
                    return rosters
                }
            }
            print(rosters, asOf: day)
        }
    }

    /// The query as the disclosure records it: `roster c-latinx --as-of 2027-01-10`.
    var scope: String {
        ["roster", community ?? "(every community)", asOf.map { "--as-of \($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    /// The students a roster names.
    static func students(_ rosters: [CommunityRoster]) -> [PersonID] {
        var ids: [PersonID] = []
        for roster in rosters {
            for member in roster.members where member.role == .student { ids.append(member.person) }
        }
        return ids
    }

    private func print(_ rosters: [CommunityRoster], asOf day: Day?) {
        switch options.format {
        case .json:
            JSONOutput.object([
                ("asOf", .optional(day?.description)),
                ("communities", .array(rosters.map { roster in
                    .object([
                        ("community", .string(roster.community.community.rawValue)),
                        ("name", .string(roster.community.name)),
                        ("focus", .string(roster.community.focus.rawValue)),
                        ("established", .string(roster.community.establishedOn.description)),
                        ("retired", .optional(roster.community.retiredOn?.description)),
                        ("members", .array(roster.members.map { member in
                            .object([
                                ("role", .string(member.role.rawValue)),
                                ("person", .string(member.person.rawValue)),
                                ("name", .optional(member.name)),
                                ("since", .string(member.since.description)),
                                ("until", .optional(member.until?.description)),
                                ("position", .int(member.startPosition)),
                            ])
                        })),
                    ])
                })),
            ]).print()
        case .csv:
            printCSV(
                ["community", "role", "person", "name", "since", "until"],
                rosters.flatMap { roster in
                    roster.members.map { [roster.community.community.rawValue, $0.role.rawValue, $0.person.rawValue, $0.name ?? "", $0.since.description, $0.until?.description ?? ""] }
                }
            )
        case .text:
            if let day { Terminal.print("Roster as of \(day)\n") }
            let blocks = rosters.map { roster -> String in
                let community = roster.community
                var title = "\(community.community)  \(Terminal.cell(community.name)) (\(community.focus))"
                if let retired = community.retiredOn { title += "  retired \(retired)" }
                let table = roster.members.isEmpty ? "  (no members)" : textTable(
                    ["ROLE", "PERSON", "NAME", "SINCE"],
                    roster.members.map { [$0.role.rawValue, $0.person.rawValue, $0.name ?? "", $0.since.description] }
                )
                return title + "\n" + table
            }
            Terminal.print(blocks.isEmpty ? "No communities." : blocks.joined(separator: "\n\n"))
        }
    }
}
