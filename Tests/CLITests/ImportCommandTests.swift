import Foundation
import Testing
import TestSupport

/// `mcledger import people|roster`: every row checked first, then all rows or none.
@Suite struct ImportCommandTests {
    @Test func importsPeopleWithTheirNamesInTheDirectory() throws {
        try TestDatabase.with { db in
            let file = try temporaryFile("""
                ID,Name,Role,Class_Of,residency_completed,title\r
                s-ana,"Ruiz, Ana",student,2029,,\r
                f-okafor,Dr. Ada Okafor,faculty,,2014,none\r

                """)
            let result = try write(db, ["import", "people", file, "--on", "2026-07-01", "--format", "json", "--command-id", "people-1"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == #"{"imported":2,"appended":{"count":2,"firstPosition":1,"lastPosition":2},"commandId":"people-1"}"# + "\n")
            #expect(result.stderr == "", "no progress when stderr is not a terminal")
            let names = try db.withConnection { connection in
                try connection.execute("SELECT person_id, name FROM mcledger.people ORDER BY person_id").map { "\($0.string(0)!)=\($0.string(1)!)" }
            }
            #expect(names == ["f-okafor=Dr. Ada Okafor", "s-ana=Ruiz, Ana"])
            let again = try write(db, ["import", "people", file, "--on", "2026-07-01", "--format", "json", "--command-id", "people-1"])
            #expect(again.stdout == result.stdout)
            #expect(try eventCount(db) == 2)
        }
    }

    @Test func everyBadRowIsReportedByLineAndColumnAndNothingIsWritten() throws {
        try TestDatabase.with { db in
            let file = try temporaryFile("""
                id,name,role,class_of
                s-1,One,student,2029
                s-2,Two,professor,2029
                S 3,Three,student,2029
                s-4,,student,29

                """)
            let result = try write(db, ["import", "people", file])
            #expect(result.status == 65)
            #expect(result.stdout == "")
            #expect(result.stderr == """
                mcledger: \(file): line 3, column role: 'professor' is not a role; use one of faculty, resident, student, staff, community-member
                mcledger: \(file): line 4, column id: 'S 3' contains 'S'; use only lowercase letters, digits and '-'
                mcledger: \(file): line 5, column name: is empty; give a value
                mcledger: nothing was imported: fix the file and run the import again

                """)
            let json = try write(db, ["import", "people", file, "--format", "json"])
            #expect(json.status == 65)
            #expect(json.stderr.hasPrefix(#"{"error":{"code":"import-refused","message":"nothing was imported: fix the file and run the import again","problems":[{"line":3,"column":"role","message":"'professor' is not a role;"#))
            #expect(try eventCount(db) == 0)
            let unknownColumn = try write(db, ["import", "people", try temporaryFile("id,name,role,email\ns-1,One,student,a@b\n")])
            #expect(unknownColumn.status == 65)
            #expect(unknownColumn.stderr.contains("line 1, column email: unknown column 'email'"))
            let ragged = try write(db, ["import", "people", try temporaryFile("id,name,role\ns-1,One,student,extra\n")])
            #expect(ragged.stderr.contains("line 2: has 4 fields but the header has 3"))
            let unclosed = try write(db, ["import", "people", try temporaryFile("id,name,role\ns-1,\"One,student\n")])
            #expect(unclosed.stderr.contains("line 2: a quoted field is never closed"))
            #expect(try eventCount(db) == 0)
        }
    }

    @Test func aRosterIsCheckedAgainstTheRulesRowByRow() throws {
        try TestDatabase.with { db in
            try seedProgram(db)
            let before = try eventCount(db)
            var roster = "community,person,role,exception\nc-latinx,f-okafor,leader,\nc-latinx,f-lee,leader,\nc-latinx,r-chen,resident,\n"
            roster += (1...19).map { "c-latinx,s-\($0),student,\n" }.joined()
            roster += "c-gen-1,s-1,student,\nc-latinx,st-brown,staff,\nc-latinx,m-rivera,member,\n"
            // Values are checked first: a bad cell stops the import before any rule is asked.
            let badValue = try write(db, ["import", "roster", try temporaryFile(roster), "--on", "2026-08-01"])
            #expect(badValue.status == 65)
            #expect(badValue.stderr.split(separator: "\n").first?.hasSuffix("line 26, column dei_approval: is empty; give a value") == true, "\(badValue.stderr)")
            // Then every row's rule, each against the ledger and the rows above it.
            roster = roster.replacingOccurrences(of: "c-latinx,m-rivera,member,\n", with: "")
            let file = try temporaryFile(roster)
            let refused = try write(db, ["import", "roster", file, "--on", "2026-08-01"])
            #expect(refused.status == 65)
            let lines = refused.stderr.replacingOccurrences(of: "mcledger: \(file): ", with: "").split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(refused.stderr)")
            #expect(lines.first?.hasPrefix("line 3, column person: LDR-03: ") == true, "\(lines)")
            #expect(lines.dropFirst().first == "line 23, column person: COM-03: c-latinx already has 18 students (the maximum); remove one first")
            #expect(lines.dropFirst(2).first?.hasPrefix("line 24, column person: COM-06: s-1 is a student of c-latinx") == true, "\(lines)")
            #expect(try eventCount(db) == before)
            // Fixed: the exception given, one student fewer, the member row dropped.
            var fixed = "community,person,role,exception\nc-latinx,f-okafor,leader,\nc-latinx,f-lee,leader,chief resident\nc-latinx,r-chen,resident,\n"
            fixed += (1...18).map { "c-latinx,s-\($0),student,\n" }.joined()
            fixed += "c-gen-1,s-19,student,\nc-latinx,st-brown,staff,\n"
            let imported = try write(db, ["import", "roster", try temporaryFile(fixed), "--on", "2026-08-01"])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.hasPrefix("imported 23 roster rows: 42 events appended"))
            let verify = try runCLI(["verify", "--database", db.uri])
            #expect(verify.status == 0)
        }
    }
    @Test func aFileFromStandardInputIsImportedLikeAFile() throws {
        try TestDatabase.with { db in
            let result = try runCLI(
                ["import", "people", "-", "--on", "2026-07-01", "--format", "json", "--command-id", "stdin-1", "--database", db.uri],
                environment: ["MCLEDGER_ACTOR": "coordinator"],
                stdin: "id,name,role,class_of\ns-1,One,student,2029\ns-2,Two,student,2029\n"
            )
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == #"{"imported":2,"appended":{"count":2,"firstPosition":1,"lastPosition":2},"commandId":"stdin-1"}"# + "\n")
            #expect(try eventCount(db) == 2)
        }
    }

    /// Progress (rows sent, rows/s, time left to send, then the stages after) is for a person at a terminal; a pipe gets
    /// none (see the first test). `script` gives the import a terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func progressShowsOnATerminal() throws {
        try TestDatabase.with { db in
            var people = "id,name,role,class_of\n"
            for index in 1...12_000 { people += "s-\(index),Student \(index),student,2029\n" }
            let file = try temporaryFile(people)
            let command = ([mcledgerBinary().path, "import", "people", file, "--on", "2026-07-01", "--actor", "coordinator", "--database", db.uri])
                .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            let result = try runProgram("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"])
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.contains("of 12000 rows sent, "), "\(result.stdout)")
            #expect(result.stdout.contains(" rows/s, about "), "\(result.stdout)")
            #expect(result.stdout.contains("12000 rows sent ("), "\(result.stdout)")
            // Then what the rest of the wait is for.
            #expect(result.stdout.contains("12000 rows stored (committed); bringing the read models up to date…"), "\(result.stdout)")
            #expect(result.stdout.contains("imported 12000 people: 12000 events appended"), "\(result.stdout)")
            #expect(try eventCount(db) == 12_000)
        }
    }

    private func runProgram(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
