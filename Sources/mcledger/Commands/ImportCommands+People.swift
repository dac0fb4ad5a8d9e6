import ArgumentParser
import Ledger

extension ImportCommands {
    struct People: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "people",
            abstract: "Register the people of a CSV file, all rows or none.",
            discussion: """
                The first line names the columns (any order, case-insensitive):
                  id                   required  the person's id, e.g. s-2029-ana
                  name                 required  their name (goes to the directory, not to events)
                  role                 required  faculty | resident | student | staff | community-member
                  class_of             optional  a student's graduating class, e.g. 2029
                  residency_completed  optional  the year a faculty member completed residency
                  title                optional  none | associate-dean | senior-dean | clerkship-director

                Every row is checked before anything is written, values first, then each \
                row's registration against the ledger and the rows above it; each problem is \
                reported with its line and column, and then nothing is written (exit 65). \
                Otherwise all rows are appended in one transaction, and the summary printed. \
                FILE may be - for standard input. Progress goes to stderr on a terminal.

                Example:
                  printf 'id,name,role,class_of\\ns-2029-ana,Ana Ruiz,student,2029\\n' > people.csv
                  mcledger import people people.csv --command-id import-people-2026-08
                """
        )

        @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file.csv")) var file: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try ImportRunner(kind: .people, file: file, write: write).run()
        }
    }
}
