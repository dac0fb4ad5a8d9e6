import ArgumentParser
import Ledger

extension ImportCommands {
    struct Roster: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roster",
            abstract: "Add the memberships of a CSV file, all rows or none.",
            discussion: """
                The first line names the columns (any order, case-insensitive):
                  community     required  the community's id, e.g. c-latinx
                  person        required  the person's id (registered before, e.g. by `import people`)
                  role          required  leader | resident | student | staff | member
                  exception     optional  a leader's LDR-03 justification
                  dei_approval  optional  for a member: the DEI office's approval reference
                  sa_approval   optional  for a member: Student Affairs' approval reference

                Each row is the command its role names (leader appoint, resident join, \
                student join, staff assign, member assign) and is refused by the same rules: \
                a 19th student in the file is refused by COM-03. Every row is checked before \
                anything is written; each problem is reported with its line and column, and \
                then nothing is written (exit 65). Otherwise all rows are appended in one \
                transaction. FILE may be - for standard input. Progress goes to stderr on a \
                terminal.

                Example:
                  printf 'community,person,role\\nc-latinx,s-2029-ana,student\\n' > roster.csv
                  mcledger import roster roster.csv --on 2026-08-15
                """
        )

        @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file.csv")) var file: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try ImportRunner(kind: .roster, file: file, write: write).run()
        }
    }
}
