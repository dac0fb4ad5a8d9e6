import ArgumentParser
import Mentoring

extension YearCommands {
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close an academic year once it has ended.",
            discussion: """
                Appends YearClosed to the program stream. Afterwards any write dated in that \
                year (or paying, approving or correcting something of it) needs --reason and \
                is marked in its metadata as a post-close adjustment, which audits list.

                Example:
                  mcledger year close 2026-27 --on 2027-07-15
                """
        )

        @Argument(help: ArgumentHelp("The academic year, e.g. 2026-27.", valueName: "yyyy-yy")) var year: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .closeYear(CloseYear(year: try AcademicYear(year, field: "academic year")))
            }
        }
    }
}
